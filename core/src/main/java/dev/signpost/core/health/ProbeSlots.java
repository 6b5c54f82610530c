package dev.signpost.core.health;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who may open a probe now: at most {@link ProbeLimits#perTarget()} probes in flight to one target
 * ({@code host:port}) and {@link ProbeLimits#total()} in all. Without the per-host limit, a host that
 * accepts connections and never answers fills any shared budget with probes that each hold it for their
 * whole timeout, and every other host's checks wait behind them (issue 13); with it, such a host holds its
 * own slots and no one else's.
 *
 * <p>A run that finds no slot waits for one of its host's, first come first served. Hosts with runs
 * waiting and a slot of their own free take turns for the slots that free up, so when the total is
 * reached a host with many checks does not crowd out one with few. The lines need no length limit: a
 * check has at most one run at a time, so they never hold more runs than there are checks.
 *
 * <p>It also remembers whether the last probe to finish for each host timed out, which tells a run that
 * waits long whether its host hangs or the checker is merely behind.
 *
 * <p>Engine thread only, except the counters.
 */
final class ProbeSlots {

  /** A run waiting for a slot; told once it has one. */
  interface Waiter {
    void granted();
  }

  /** How a probe that held a slot ended. */
  enum Outcome {
    ANSWERED,
    TIMED_OUT,
    /** Its check stopped: says nothing about the host. */
    CANCELLED
  }

  private final int perHost;
  private final int total;
  private final Map<String, Host> hosts = new HashMap<>();
  /** Hosts with a run waiting and a slot of their own free, in turn order; may hold hosts since emptied. */
  private final ArrayDeque<Host> turns = new ArrayDeque<>();
  private final LongAdder heldBack = new LongAdder();
  private int inFlight;

  private static final class Host {
    final String key;
    final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    int inFlight;
    boolean inTurn;
    boolean lastTimedOut;

    Host(String key) {
      this.key = key;
    }
  }

  ProbeSlots(int perHost, int total) {
    if (perHost < 1 || total < perHost) {
      throw new IllegalArgumentException("probe slots need 1 <= perHost <= total, got " + perHost + " and " + total);
    }
    this.perHost = perHost;
    this.total = total;
  }

  /** Grants a slot to {@code waiter} at once if there is one, or later in its turn. */
  void acquire(String target, Waiter waiter) {
    Host host = hosts.computeIfAbsent(target, Host::new);
    if (host.inFlight < perHost && inFlight < total) {
      take(host);
      waiter.granted();
      return;
    }
    heldBack.increment();
    host.waiting.add(waiter);
    offerTurn(host);
  }

  /** Gives back a slot that {@link Waiter#granted} handed out. */
  void release(String target, Outcome outcome) {
    Host host = hosts.get(target);
    if (outcome != Outcome.CANCELLED) {
      host.lastTimedOut = outcome == Outcome.TIMED_OUT;
    }
    host.inFlight--;
    inFlight--;
    offerTurn(host);
    grant();
    forgetIfIdle(host);
  }

  /** Withdraws a waiter that has not been granted a slot (its run timed out or its check stopped). */
  void abandon(String target, Waiter waiter) {
    Host host = hosts.get(target);
    // Runs give up oldest first, and the oldest are at the front.
    if (host != null && host.waiting.removeFirstOccurrence(waiter)) {
      forgetIfIdle(host);
    }
  }

  /**
   * Whether the last probe to finish for {@code target} timed out: then a run waiting for one of its
   * slots will find it hanging too; else the host answers and the checker is behind.
   */
  boolean hangs(String target) {
    Host host = hosts.get(target);
    return host != null && host.lastTimedOut;
  }

  /** Why a run for {@code target} is still waiting, for its output. */
  String whyWaiting(String target) {
    Host host = hosts.get(target);
    return host != null && host.inFlight >= perHost ? perHost + " probes to " + target + " already in flight"
        : total + " probes already in flight";
  }

  /** Runs that found no free slot and had to wait, since start. */
  long heldBack() {
    return heldBack.sum();
  }

  int inFlight() {
    return inFlight;
  }

  private void take(Host host) {
    host.inFlight++;
    inFlight++;
  }

  private void offerTurn(Host host) {
    if (!host.inTurn && !host.waiting.isEmpty() && host.inFlight < perHost) {
      host.inTurn = true;
      turns.add(host);
    }
  }

  private void grant() {
    while (inFlight < total && !turns.isEmpty()) {
      Host host = turns.poll();
      host.inTurn = false;
      Waiter next = host.waiting.poll();
      if (next == null) {
        forgetIfIdle(host);
        continue;
      }
      take(host);
      offerTurn(host); // to the back of the line: one slot per turn
      next.granted();
    }
  }

  private void forgetIfIdle(Host host) {
    if (host.inFlight == 0 && host.waiting.isEmpty() && !host.inTurn) {
      hosts.remove(host.key, host);
    }
  }
}
