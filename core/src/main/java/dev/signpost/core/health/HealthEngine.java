package dev.signpost.core.health;

import dev.signpost.balance.InstanceStats;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.TimeSource;
import dev.signpost.core.cluster.CheckPlacement;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Runs every instance's checks and writes what they find into the registry. It follows the registry as
 * a listener: a registration starts its checks (the first probe at once), a replacement restarts the
 * checks whose definition changed, a deregistration stops them at once. Results pass the check's
 * thresholds and become registry changes, so they are journaled, indexed and seen by DNS like any write.
 *
 * <p>Threading: registry events and probe results are handed to the {@link HealthScheduler}'s single
 * thread, which owns all runner state. Probes are asynchronous and run within per-host slots
 * ({@link ProbeLauncher}): a hung endpoint costs its host's slots until the timeout, holds no thread, and
 * delays no other host's checks. Writes are conditional on the instance's current value, so a late
 * result for a check that was removed or redefined changes nothing.
 *
 * <p>In a cluster each instance's checks run on one node: the engine keeps runners only for the instances
 * its {@link CheckPlacement} places here, remembers every other instance, and re-places them all when the
 * placement changes. A TTL heartbeat may arrive at any node; one for a check run elsewhere is written as
 * usual and handed to the {@link HeartbeatRelay} for the owner ({@link #relayedHeartbeat}), since a heartbeat
 * that changes nothing writes nothing the owner could see. An instance that moves here starts afresh: its
 * first probe at once, a full TTL from the move, thresholds counted anew, and its critical time
 * ({@code DeregisterCriticalServiceAfter}) timed from the move, since the previous owner's clock is lost
 * with it.
 */
public final class HealthEngine implements RegistryListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HealthEngine.class.getName());

  /** How often a check whose status holds may write a changed output (Consul syncs such changes lazily too). */
  static final Duration OUTPUT_SYNC = Duration.ofMinutes(1);
  static final String TTL_EXPIRED = "TTL expired";

  private final InstanceUpdates updates;
  private final InstanceStats stats;
  private final HealthScheduler scheduler;
  private final TimeSource time;
  private final Probe probe;
  private final ProbeSlots slots;
  private final ProbeLauncher launcher;
  private final CriticalReaper reaper;
  private final Jitter jitter;
  private final CheckPlacement placement;
  private final HeartbeatRelay relay;
  private final CheckObserver observer;
  private final LongAdder runs = new LongAdder();
  private final LongAdder failures = new LongAdder();
  /** Check id → runner; engine thread only. */
  private final Map<String, CheckRunner> runners = new HashMap<>();
  /** Instance id → its latest value, placed here or not, for re-placing; engine thread only. */
  private final Map<String, Instance> known = new HashMap<>();
  /** Instance id → its check ids that have runners; engine thread only. */
  private final Map<String, Set<String>> checksByInstance = new HashMap<>();
  /** TTL check id → deadline; heartbeats (API threads) move it, the engine reads it. */
  private final ConcurrentHashMap<String, AtomicLong> ttlDeadlines = new ConcurrentHashMap<>();

  /** An engine that runs every check: a node that is not part of a cluster. */
  public HealthEngine(InstanceUpdates updates, InstanceStats stats, HealthScheduler scheduler, Probe probe,
      RandomGenerator random, ProbeLimits limits) {
    this(updates, stats, scheduler, probe, random, limits, CheckPlacement.everything(), HeartbeatRelay.NONE);
  }

  /**
   * An engine that follows {@code placement} from now on (its changes are queued to the scheduler's thread).
   *
   * @param stats where each probe's response time and failure, and the load an endpoint reports, go for
   *     the latency and least-connections strategies
   * @param limits how many probes may be in flight, per target and in all
   * @param placement which instances' checks run on this node
   * @param relay where heartbeats for checks run on another node go
   */
  public HealthEngine(InstanceUpdates updates, InstanceStats stats, HealthScheduler scheduler, Probe probe,
      RandomGenerator random, ProbeLimits limits, CheckPlacement placement, HeartbeatRelay relay) {
    this(updates, stats, scheduler, probe, random, limits, placement, relay, CheckObserver.NONE);
  }

  /** As the engine above, telling {@code observer} of every probe's result and duration (for the meters). */
  public HealthEngine(InstanceUpdates updates, InstanceStats stats, HealthScheduler scheduler, Probe probe,
      RandomGenerator random, ProbeLimits limits, CheckPlacement placement, HeartbeatRelay relay,
      CheckObserver observer) {
    this.observer = observer;
    this.updates = updates;
    this.stats = stats;
    this.scheduler = scheduler;
    this.time = scheduler.time();
    this.probe = probe;
    this.slots = new ProbeSlots(limits.perTarget(), limits.total());
    this.launcher = new ProbeLauncher(probe, scheduler, slots);
    this.reaper = new CriticalReaper(updates, scheduler);
    this.jitter = new Jitter(random);
    this.placement = placement;
    this.relay = relay;
    placement.addListener(() -> scheduler.execute(this::replace));
  }

  @Override
  public void onReset(Collection<Instance> instances, long index) {
    scheduler.execute(() -> instances.forEach(this::sync));
  }

  @Override
  public void onEvent(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered r) {
      scheduler.execute(() -> sync(r.instance()));
    } else if (event instanceof RegistryEvent.Deregistered d) {
      String id = d.instance().id();
      // On the engine thread, after any result already queued: nothing can record for it afterwards.
      scheduler.execute(() -> {
        known.remove(id);
        stopAll(id);
        stats.forget(id);
      });
    }
  }

  /**
   * A TTL check's heartbeat ({@code PUT /v1/agent/check/pass|warn|fail|update}): records the state and
   * restarts the TTL, here or, when the check runs on another node, through the {@link HeartbeatRelay}.
   * Completes, once durable, with the instance, or empty when no instance has the check.
   *
   * @throws IllegalArgumentException when the check is not a TTL check
   */
  public CompletionStage<Optional<Instance>> heartbeat(String checkId, CheckState state) {
    Optional<Instance> owner = updates.instanceByCheck(checkId);
    Optional<CheckSpec> spec = owner.flatMap(i -> i.check(checkId));
    if (spec.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (spec.get().kind() != CheckSpec.Kind.TTL) {
      throw new IllegalArgumentException("check '" + checkId + "' is an " + spec.get().kind()
          + " check: only TTL checks take pass, warn, fail and update");
    }
    // The deadline moves before the state is written: an expiry deciding under the registry's lock then
    // either sees the new deadline or is overwritten by this state.
    if (placement.runsHere(owner.get().id())) {
      restartTtl(checkId, spec.get());
    } else {
      try {
        relay.relay(checkId);
      } catch (RuntimeException e) {
        // The state is still worth writing; the owner hears of the next heartbeat.
        LOG.log(Level.WARNING, "could not relay the heartbeat of check " + checkId + ": " + e.getMessage());
      }
    }
    return updates.updateHealth(owner.get().id(),
        i -> i.check(checkId).filter(c -> c.kind() == CheckSpec.Kind.TTL).isPresent()
            ? i.withCheckState(checkId, state) : i);
  }

  /**
   * A heartbeat that another node took for a TTL check run here ({@link HeartbeatRelay}): restarts its TTL
   * as a local heartbeat does, and writes nothing (that node wrote the state). Ignored when the check is
   * unknown, not a TTL check or not run here: placement views may differ for a moment, and a check that
   * moves here gets a full TTL anyway.
   */
  public void relayedHeartbeat(String checkId) {
    Optional<Instance> owner = updates.instanceByCheck(checkId);
    Optional<CheckSpec> spec = owner.flatMap(i -> i.check(checkId)).filter(c -> c.kind() == CheckSpec.Kind.TTL);
    if (spec.isPresent() && placement.runsHere(owner.get().id())) {
      restartTtl(checkId, spec.get());
    }
  }

  /** Probes run and TTL expiries since start. */
  public long checksRun() {
    return runs.sum();
  }

  /** Of {@link #checksRun()}, the results that were critical. */
  public long checkFailures() {
    return failures.sum();
  }

  /** Probe runs that found their host's (or all) probe slots taken and waited: a bound that triggered. */
  public long probesHeldBack() {
    return slots.heldBack();
  }

  /**
   * Probe runs ended critical by their timeout: the probe abandoned and its connection closed, or, for a
   * run still waiting for a slot of a host that hangs, given up.
   */
  public long probesTimedOut() {
    return launcher.timedOut();
  }

  @Override
  public void close() {
    scheduler.close();
    probe.close();
  }

  /** Moves a TTL check's deadline to a full TTL from now; any thread. */
  private void restartTtl(String checkId, CheckSpec spec) {
    ttlDeadlines.computeIfAbsent(checkId, k -> new AtomicLong()).set(time.nanoTime() + spec.ttl().toNanos());
    scheduler.execute(() -> armTtl(checkId));
  }

  // ---- engine thread from here on ----

  /** The placement may have changed: starts the checks of instances now placed here, stops the others'. */
  private void replace() {
    List.copyOf(known.values()).forEach(this::sync);
  }

  private void sync(Instance instance) {
    known.put(instance.id(), instance);
    if (!placement.runsHere(instance.id())) {
      stopAll(instance.id()); // placed elsewhere: the checks live on, on their owner
      return;
    }
    Set<String> wanted = new HashSet<>();
    for (CheckSpec spec : instance.checks()) {
      if (spec.kind() == CheckSpec.Kind.EXTERNAL) {
        continue; // its state is what the catalog registration said: nothing runs it
      }
      wanted.add(spec.checkId());
      CheckRunner runner = runners.get(spec.checkId());
      if (runner == null || !runner.instanceId.equals(instance.id()) || !runner.spec.equals(spec)) {
        if (runner != null) {
          stop(runner, true);
        }
        runner = start(instance.id(), spec);
      }
      reaper.watch(runner, instance.checkState(spec.checkId()).orElseThrow());
    }
    Set<String> had = checksByInstance.getOrDefault(instance.id(), Set.of());
    for (String checkId : Set.copyOf(had)) {
      if (!wanted.contains(checkId)) {
        stop(runners.get(checkId), false);
      }
    }
  }

  /** Stops the instance's checks here: it was deregistered, or its checks now run on another node. */
  private void stopAll(String instanceId) {
    for (String checkId : Set.copyOf(checksByInstance.getOrDefault(instanceId, Set.of()))) {
      stop(runners.get(checkId), false);
    }
  }

  private CheckRunner start(String instanceId, CheckSpec spec) {
    AtomicLong deadline = null;
    if (spec.kind() == CheckSpec.Kind.TTL) {
      deadline = ttlDeadlines.computeIfAbsent(spec.checkId(), k -> new AtomicLong());
      deadline.set(time.nanoTime() + spec.ttl().toNanos());
    }
    CheckRunner runner = new CheckRunner(instanceId, spec, deadline);
    runners.put(spec.checkId(), runner);
    checksByInstance.computeIfAbsent(instanceId, k -> new HashSet<>()).add(spec.checkId());
    if (spec.kind() == CheckSpec.Kind.TTL) {
      runner.ttlArmed = true;
      runner.timer = scheduler.schedule(spec.ttl(), () -> ttlTimer(runner));
    } else {
      scheduler.execute(() -> probe(runner));
    }
    return runner;
  }

  /**
   * @param restarting whether the check restarts here at once with a new definition; otherwise it is gone,
   *     or runs on another node from now on (and gets a full TTL if it comes back)
   */
  private void stop(CheckRunner runner, boolean restarting) {
    runner.stop();
    runners.remove(runner.checkId(), runner);
    Set<String> ids = checksByInstance.get(runner.instanceId);
    if (ids != null && ids.remove(runner.checkId()) && ids.isEmpty()) {
      checksByInstance.remove(runner.instanceId);
    }
    if (!restarting) {
      ttlDeadlines.remove(runner.checkId()); // a restarting check keeps the deadline heartbeats hold
    }
  }

  private void probe(CheckRunner runner) {
    if (runner.stopped) {
      return;
    }
    long started = time.nanoTime();
    runner.probing = launcher.launch(runner.spec, runner.target,
        (found, took) -> probed(runner, found, took, started));
  }

  private void probed(CheckRunner runner, ProbeResult found, Duration took, long started) {
    runner.probing = HealthScheduler.Cancellable.NONE;
    if (runner.stopped) {
      return;
    }
    CheckState result = found.state();
    runs.increment();
    boolean failed = result.status() == HealthStatus.CRITICAL;
    if (failed) {
      failures.increment();
    }
    stats.recordProbe(runner.instanceId, took, failed);
    observer.probed(runner.spec.kind(), result.status(), took);
    found.activeConnections().ifPresent(n -> stats.reportConnections(runner.instanceId, n));
    runner.thresholds.apply(result).ifPresent(state -> report(runner, state));
    Duration interval = runner.spec.interval();
    Duration delay = runner.firstRunDone ? jitter.afterLater(interval) : jitter.afterFirst(interval);
    runner.firstRunDone = true;
    long elapsed = time.nanoTime() - started;
    runner.timer = scheduler.schedule(delay.minusNanos(elapsed), () -> probe(runner));
  }

  /** Writes a state when its status differs from the stored one, or its output does and a sync is due. */
  private void report(CheckRunner runner, CheckState state) {
    Optional<CheckState> stored = updates.instance(runner.instanceId).flatMap(i -> i.checkState(runner.checkId()));
    if (stored.isEmpty() || stored.get().sameReport(state)) {
      return;
    }
    long now = time.nanoTime();
    if (stored.get().status() == state.status()) {
      if (runner.lastOutputWrite != CheckRunner.NEVER && now - runner.lastOutputWrite < OUTPUT_SYNC.toNanos()) {
        return;
      }
      runner.lastOutputWrite = now;
    } else {
      log(runner, stored.get(), state);
    }
    write(runner, i -> state);
  }

  private void write(CheckRunner runner, java.util.function.UnaryOperator<CheckState> next) {
    updates.updateHealth(runner.instanceId, i -> {
      if (runner.stopped || !i.check(runner.checkId()).filter(runner.spec::equals).isPresent()) {
        return i;
      }
      CheckState current = i.checkState(runner.checkId()).orElseThrow();
      return i.withCheckState(runner.checkId(), next.apply(current));
    }).whenComplete((stored, error) -> {
      if (error != null) {
        LOG.log(Level.WARNING, "could not record check " + runner.checkId() + ": " + error.getMessage());
      }
    });
  }

  private void armTtl(String checkId) {
    CheckRunner runner = runners.get(checkId);
    if (runner == null) {
      // The heartbeat raced a removal or a move: forget its deadline unless the check still exists here.
      if (updates.instanceByCheck(checkId).filter(i -> placement.runsHere(i.id())).isEmpty()) {
        ttlDeadlines.remove(checkId);
      }
      return;
    }
    if (!runner.ttlArmed && runner.ttlDeadline != null) {
      runner.ttlArmed = true;
      runner.timer = scheduler.schedule(Duration.ofNanos(runner.ttlDeadline.get() - time.nanoTime()),
          () -> ttlTimer(runner));
    }
  }

  private void ttlTimer(CheckRunner runner) {
    if (runner.stopped) {
      return;
    }
    long remaining = runner.ttlDeadline.get() - time.nanoTime();
    if (remaining > 0) {
      runner.timer = scheduler.schedule(Duration.ofNanos(remaining), () -> ttlTimer(runner));
      return;
    }
    runner.ttlArmed = false;
    runs.increment();
    failures.increment();
    LOG.log(Level.WARNING, "check " + runner.checkId() + " of " + runner.instanceId + " missed its TTL, now critical");
    write(runner, current -> {
      if (runner.ttlDeadline.get() - time.nanoTime() > 0 || isExpired(current)) {
        return current; // a heartbeat arrived meanwhile, or it already says so
      }
      return new CheckState(HealthStatus.CRITICAL, current.output().isEmpty() ? TTL_EXPIRED
          : TTL_EXPIRED + " (last output before timeout follows): " + current.output());
    });
  }

  private static boolean isExpired(CheckState state) {
    return state.status() == HealthStatus.CRITICAL && state.output().startsWith(TTL_EXPIRED);
  }

  /**
   * Logs a status change. A first result that merely confirms a new check is quiet (10,000 registrations
   * must not mean 10,000 log lines); failures are warnings, recoveries from a real failure are news.
   */
  private static void log(CheckRunner runner, CheckState from, CheckState to) {
    boolean firstResult = from.output().isEmpty();
    Level level = to.status() != HealthStatus.PASSING ? Level.WARNING : firstResult ? Level.DEBUG : Level.INFO;
    if (LOG.isLoggable(level)) {
      LOG.log(level, "check " + runner.checkId() + " of " + runner.instanceId + " is now "
          + to.status().wireName() + " (was " + from.status().wireName() + "): " + firstLine(to.output()));
    }
  }

  /** An output as one short log line: a health endpoint may answer with a page of HTML. */
  static String firstLine(String output) {
    int end = output.indexOf('\n');
    String line = end < 0 ? output : output.substring(0, end) + " ...";
    return line.length() <= 200 ? line : line.substring(0, 200) + " ...";
  }
}
