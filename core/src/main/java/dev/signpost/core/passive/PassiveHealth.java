package dev.signpost.core.passive;

import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.balance.breaker.BreakerStatus;
import dev.signpost.balance.breaker.CircuitBreaker;
import dev.signpost.balance.breaker.EjectionGate;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.TimeSource;
import dev.signpost.core.cluster.CheckPlacement;
import dev.signpost.core.health.HealthScheduler;
import dev.signpost.core.health.InstanceUpdates;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Passive health: the outcomes callers report of their calls drive a circuit breaker per instance, and each
 * breaker's state is the instance's passive check ({@link PassiveCheck}): passing while closed, warning while
 * half-open, critical while open. The check's state is written into the registry as a health result, so DNS,
 * the health API, explain, the metrics and the event history see it as they see any check's.
 *
 * <p>Only services with passive health on (their policy's {@code Passive}, else {@code --passive-health}) have
 * breakers and the check; with it off a report changes nothing here. A service never has more than its
 * {@code MaxEjectedPercent} of instances out, counting those already out, nor its last instance in DNS: a
 * breaker that would pass that stays closed (or half-open) and the refusal is counted and shown in its
 * output; when instances leave and the share is passed, the ejections that end soonest end early.
 *
 * <p>Breakers live in memory: a restart closes them all. In a cluster an instance's breaker is kept on the
 * node that runs its checks ({@link CheckPlacement}); reports taken elsewhere reach it through an
 * {@link OutcomeRelay}.
 *
 * <p>Threading: reports arrive on API threads; a service's breakers are decided under that service's lock.
 * Registry events, ejection timers and delayed writes run on the health engine's {@link HealthScheduler}.
 * Writes go to the registry outside every lock here; each carries a sequence number, so a write overtaken by
 * a newer one changes nothing.
 */
public final class PassiveHealth implements RegistryListener {

  private static final System.Logger LOG = System.getLogger(PassiveHealth.class.getName());

  /** How often a check whose status holds may write a changed output (a half-open breaker's progress). */
  static final Duration OUTPUT_SYNC = Duration.ofSeconds(1);

  private final InstanceUpdates updates;
  private final Function<String, List<Instance>> instancesOf;
  private final Function<String, PassivePolicy> policies;
  private final HealthFilter filter;
  private final HealthScheduler scheduler;
  private final TimeSource time;
  private final CheckPlacement placement;
  private final OutcomeRelay relay;
  private final PassiveOptions options;
  /** Service key → the breakers kept here of its instances. */
  private final ConcurrentHashMap<String, ServiceBreakers> services = new ConcurrentHashMap<>();
  /** Instance id → its breaker, whichever service it is in. */
  private final ConcurrentHashMap<String, InstanceBreaker> breakers = new ConcurrentHashMap<>();
  /** Service keys seen in events, for re-placing; scheduler thread only. */
  private final Set<String> known = new HashSet<>();
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder ejections = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder batchesRefused = new LongAdder();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger halfOpen = new AtomicInteger();

  /**
   * @param instancesOf a service's instances by its key, as the registry holds them now
   * @param policies the passive health in force for a service, by its key: its policy's, else the default
   * @param filter which states DNS serves, for the rule that never takes a service's last instance out
   * @param scheduler the health engine's thread and clock: ejection timers run on it
   */
  public PassiveHealth(InstanceUpdates updates, Function<String, List<Instance>> instancesOf,
      Function<String, PassivePolicy> policies, HealthFilter filter, HealthScheduler scheduler,
      CheckPlacement placement, OutcomeRelay relay, PassiveOptions options) {
    this.updates = Objects.requireNonNull(updates, "updates");
    this.instancesOf = Objects.requireNonNull(instancesOf, "instancesOf");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.time = scheduler.time();
    this.placement = Objects.requireNonNull(placement, "placement");
    this.relay = Objects.requireNonNull(relay, "relay");
    this.options = Objects.requireNonNull(options, "options");
    placement.addListener(() -> scheduler.execute(this::replace));
  }

  /**
   * Applies a report of outcomes to the instance's breaker, when its service has passive health on. Answers
   * at once with what it did; the passive check's new state is being written meanwhile.
   *
   * @return empty when no instance has this id
   * @throws BatchTooLargeException when the report holds more than {@link PassiveOptions#maxBatch} outcomes
   */
  public Optional<PassiveReport> report(String instanceId, Outcomes outcomes) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(outcomes, "outcomes");
    if (outcomes.size() > options.maxBatch()) {
      batchesRefused.increment();
      throw new BatchTooLargeException(outcomes, options.maxBatch());
    }
    Optional<Instance> found = updates.instance(instanceId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Instance i = found.get();
    long s = outcomes.successes();
    long f = outcomes.failures();
    successes.add(s);
    failures.add(f);
    String key = i.service().key();
    PassivePolicy policy = policies.apply(key);
    if (!policy.enabled()) {
      return Optional.of(new PassiveReport(instanceId, i.service().value(), false, s, f, Optional.empty(),
          Optional.empty()));
    }
    if (!placement.runsHere(instanceId)) {
      try {
        relay.relay(instanceId, s, f);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not relay outcomes of " + instanceId + ": " + e.getMessage());
      }
      return Optional.of(new PassiveReport(instanceId, i.service().value(), true, s, f, Optional.empty(),
          i.checkState(PassiveCheck.id(instanceId))));
    }
    return Optional.of(apply(i, policy, outcomes));
  }

  /**
   * Outcomes another node took for an instance whose breaker is kept here ({@link OutcomeRelay}), as counts.
   * Ignored when the instance is unknown, its service has passive health off, or its breaker is not kept here
   * (placement views may differ for a moment).
   */
  public void relayed(String instanceId, long successes, long failures) {
    Optional<Instance> found = updates.instance(instanceId);
    if (found.isEmpty() || !placement.runsHere(instanceId)) {
      return;
    }
    PassivePolicy policy = policies.apply(found.get().service().key());
    if (policy.enabled()) {
      apply(found.get(), policy, new Outcomes.Counts(successes, failures));
    }
  }

  /** The breaker's state of an instance kept here; empty when none is (passive off, unknown, another node's). */
  public Optional<BreakerStatus> breaker(String instanceId) {
    InstanceBreaker b = breakers.get(instanceId);
    return b == null || b.forgotten ? Optional.empty() : Optional.of(b.breaker.status());
  }

  /** Successful calls reported since start (every service, passive health on or off). */
  public long successesReported() {
    return successes.sum();
  }

  /** Failed calls reported since start. */
  public long failuresReported() {
    return failures.sum();
  }

  /** Breakers opened since start: instances ejected. */
  public long ejections() {
    return ejections.sum();
  }

  /**
   * Ejections the service's share refused (the breaker stayed in), and ejections ended early because
   * instances left and the share was passed.
   */
  public long ejectionsRefused() {
    return refused.sum();
  }

  /** Reports refused whole for holding more than {@link PassiveOptions#maxBatch} outcomes. */
  public long batchesRefused() {
    return batchesRefused.sum();
  }

  /** Breakers kept here that are open now. */
  public int openNow() {
    return open.get();
  }

  /** Breakers kept here that are half-open now. */
  public int halfOpenNow() {
    return halfOpen.get();
  }

  @Override
  public void onReset(Collection<Instance> instances, long index) {
    List<Instance> all = List.copyOf(instances);
    scheduler.execute(() -> {
      Set<String> ids = new HashSet<>();
      for (Instance i : all) {
        ids.add(i.id());
        sync(i);
      }
      for (InstanceBreaker b : List.copyOf(breakers.values())) {
        if (!ids.contains(b.instanceId)) {
          forget(b);
        }
      }
    });
  }

  @Override
  public void onEvent(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered r) {
      scheduler.execute(() -> sync(r.instance()));
    } else if (event instanceof RegistryEvent.Deregistered d) {
      scheduler.execute(() -> {
        InstanceBreaker b = breakers.get(d.instance().id());
        if (b != null) {
          forget(b);
        }
        rebalance(d.instance().service().key());
      });
    } else if (event instanceof RegistryEvent.PolicyChanged p) {
      scheduler.execute(() -> {
        instancesOf.apply(p.service()).forEach(this::sync);
        rebalance(p.service());
      });
    }
  }

  // ---- deciding, under a service's lock ----

  private PassiveReport apply(Instance i, PassivePolicy policy, Outcomes outcomes) {
    String key = i.service().key();
    InstanceBreaker moved = breakers.get(i.id());
    if (moved != null && !moved.service.equals(key)) {
      forget(moved);
    }
    ServiceBreakers group = group(key);
    InstanceBreaker b;
    BreakerStatus status;
    CheckState state;
    synchronized (group) {
      b = ensure(group, i, policy);
      InstanceBreaker self = b;
      EjectionGate gate = () -> mayEject(group, self);
      if (outcomes instanceof Outcomes.Calls calls) {
        for (CallOutcome call : calls.calls()) {
          b.breaker.record(call.success(), gate);
        }
        status = b.breaker.status();
      } else {
        status = b.breaker.recordCounts(outcomes.successes(), outcomes.failures(), gate);
      }
      if (outcomes.failures() == 0 && outcomes.successes() > 0) {
        b.refusal = null;
      }
      observe(b, status);
      state = PassiveText.state(status, b.since, b.refusal);
    }
    publish(b);
    return new PassiveReport(i.id(), i.service().value(), true, outcomes.successes(), outcomes.failures(),
        Optional.of(status.state()), Optional.of(state));
  }

  private ServiceBreakers group(String key) {
    return services.computeIfAbsent(key, ServiceBreakers::new);
  }

  /** The instance's breaker, made or brought to {@code policy}; under the group's lock. */
  private InstanceBreaker ensure(ServiceBreakers group, Instance i, PassivePolicy policy) {
    InstanceBreaker b = group.byInstance.get(i.id());
    if (b != null) {
      if (!b.policy.equals(policy)) {
        b.breaker.reconfigure(policy.breaker());
        b.policy = policy;
      }
      return b;
    }
    CircuitBreaker breaker = new CircuitBreaker(policy.breaker(), time::nanoTime);
    long since = breaker.status().sinceNanos();
    b = new InstanceBreaker(i.id(), group.service, breaker, policy, since, wall(since));
    group.byInstance.put(i.id(), b);
    breakers.put(i.id(), b);
    return b;
  }

  /** The gate a breaker asks before it opens: the service's share; under the group's and the breaker's lock. */
  private boolean mayEject(ServiceBreakers group, InstanceBreaker self) {
    List<Instance> members = instancesOf.apply(group.service);
    int out = 0;
    boolean anotherServed = false;
    String name = group.service;
    for (Instance m : members) {
      if (m.id().equals(self.instanceId)) {
        name = m.service().value();
        continue;
      }
      if (isOut(group, m)) {
        out++;
      } else if (inDns(group, m)) {
        anotherServed = true;
      }
    }
    Optional<String> refusal = EjectionShare.refusal(name, members.size(), out, anotherServed,
        self.policy.maxEjectedPercent());
    if (refusal.isPresent()) {
      refused.increment();
      self.refusal = "ejection refused at " + PassiveText.time(time.now()) + ": " + refusal.get();
      return false;
    }
    ejections.increment();
    self.refusal = null;
    return true;
  }

  /** Whether the instance is ejected: by its breaker when kept here, else by its stored passive check. */
  private boolean isOut(ServiceBreakers group, Instance m) {
    InstanceBreaker b = group.byInstance.get(m.id());
    if (b != null) {
      return b.breaker.status().state() == BreakerState.OPEN;
    }
    return m.checkState(PassiveCheck.id(m.id())).filter(s -> s.status() == HealthStatus.CRITICAL).isPresent();
  }

  /** Whether DNS serves the instance, with its passive check as its breaker here says (stored or not yet). */
  private boolean inDns(ServiceBreakers group, Instance m) {
    InstanceBreaker b = group.byInstance.get(m.id());
    if (b == null) {
      return filter.serves(m);
    }
    BreakerStatus status = b.breaker.status();
    if (status.state() == BreakerState.OPEN) {
      return false;
    }
    return filter.serves(m.withCheckState(PassiveCheck.id(m.id()), PassiveText.state(status, b.since, null)));
  }

  /** Takes note of a change of state: the gauges, the time the output shows, the ejection's timer. */
  private void observe(InstanceBreaker b, BreakerStatus status) {
    if (status.state() == b.seen && status.sinceNanos() == b.seenSinceNanos) {
      return;
    }
    count(b.seen, -1);
    count(status.state(), 1);
    b.seen = status.state();
    b.seenSinceNanos = status.sinceNanos();
    b.since = wall(status.sinceNanos());
    b.timer.cancel();
    b.timer = HealthScheduler.Cancellable.NONE;
    if (status.state() == BreakerState.OPEN) {
      Duration left = Duration.ofNanos(Math.max(0, status.openUntilNanos() - time.nanoTime()));
      b.timer = scheduler.schedule(left, () -> expire(b));
    }
  }

  private void count(BreakerState state, int delta) {
    if (state == BreakerState.OPEN) {
      open.addAndGet(delta);
    } else if (state == BreakerState.HALF_OPEN) {
      halfOpen.addAndGet(delta);
    }
  }

  /** The wall-clock time of a moment on the breakers' clock. */
  private Instant wall(long nanos) {
    return time.now().minusNanos(time.nanoTime() - nanos);
  }

  // ---- the scheduler's thread ----

  /** An ejection's time is up: the breaker is half-open, the instance back in answers. */
  private void expire(InstanceBreaker b) {
    ServiceBreakers group = services.get(b.service);
    if (group == null) {
      return;
    }
    synchronized (group) {
      if (b.forgotten) {
        return;
      }
      observe(b, b.breaker.status());
    }
    publish(b);
  }

  /** Brings the instance's breaker and stored passive check in line with its service's policy and placement. */
  private void sync(Instance i) {
    String key = i.service().key();
    known.add(key);
    InstanceBreaker had = breakers.get(i.id());
    if (had != null && !had.service.equals(key)) {
      forget(had);
      had = null;
    }
    PassivePolicy policy = policies.apply(key);
    boolean here = placement.runsHere(i.id());
    if (!policy.enabled() || !here) {
      if (had != null) {
        forget(had);
      }
      if (!policy.enabled() && here && i.checkState(PassiveCheck.id(i.id())).isPresent()) {
        removeCheck(i.id());
      }
      return;
    }
    ServiceBreakers group = group(key);
    InstanceBreaker b;
    CheckState want;
    synchronized (group) {
      b = ensure(group, i, policy);
      BreakerStatus status = b.breaker.status();
      observe(b, status);
      want = PassiveText.state(status, b.since, b.refusal);
      Optional<CheckState> stored = i.checkState(PassiveCheck.id(i.id()));
      if (stored.isPresent() && stored.get().sameReport(want)) {
        return;
      }
      if (b.inFlight == 0) {
        b.requested = null; // nothing on its way: what is stored is what we must correct
      }
    }
    publish(b);
  }

  private void replace() {
    for (String key : List.copyOf(known)) {
      instancesOf.apply(key).forEach(this::sync);
    }
  }

  /**
   * Ends ejections early while the service has more instances out than its share allows, or none left in
   * DNS: instances left, or the share was lowered. The ejections that would end soonest end first.
   */
  private void rebalance(String key) {
    PassivePolicy policy = policies.apply(key);
    ServiceBreakers group = services.get(key);
    if (!policy.enabled() || group == null) {
      return;
    }
    List<InstanceBreaker> released = new ArrayList<>();
    synchronized (group) {
      List<Instance> members = instancesOf.apply(key);
      int allowed = EjectionShare.allowed(members.size(), policy.maxEjectedPercent());
      while (true) {
        int out = 0;
        boolean served = false;
        InstanceBreaker soonest = null;
        long soonestEnd = 0;
        for (Instance m : members) {
          if (isOut(group, m)) {
            out++;
            InstanceBreaker b = group.byInstance.get(m.id());
            if (b != null) {
              long end = b.breaker.status().openUntilNanos();
              if (soonest == null || end - soonestEnd < 0) {
                soonest = b;
                soonestEnd = end;
              }
            }
          } else if (inDns(group, m)) {
            served = true;
          }
        }
        if (soonest == null || (out <= allowed && served)) {
          break;
        }
        BreakerStatus status = soonest.breaker.release();
        refused.increment();
        soonest.refusal = "ejection ended early at " + PassiveText.time(time.now()) + ": "
            + (out > allowed ? "MaxEjectedPercent " + policy.maxEjectedPercent() + " allows " + allowed + " of "
                + members.size() + " out" : "no other instance was left in DNS");
        observe(soonest, status);
        released.add(soonest);
      }
    }
    released.forEach(this::publish);
  }

  /** Drops a breaker: its instance left, moved to another service or node, or passive health went off. */
  private void forget(InstanceBreaker b) {
    ServiceBreakers group = services.get(b.service);
    if (group != null) {
      synchronized (group) {
        if (b.forgotten) {
          return;
        }
        b.forgotten = true;
        group.byInstance.remove(b.instanceId, b);
        b.timer.cancel();
        count(b.seen, -1);
      }
    }
    breakers.remove(b.instanceId, b);
  }

  // ---- writing ----

  /**
   * Asks the registry to store the breaker's state as the passive check's, unless that is what was last asked; a
   * change of status at once, a change of output alone (a half-open breaker's progress) at most once per {@link
   * #OUTPUT_SYNC}, as the health engine writes a check's output.
   */
  private void publish(InstanceBreaker b) {
    ServiceBreakers group = services.get(b.service);
    if (group == null) {
      return;
    }
    CheckState want;
    long seq;
    synchronized (group) {
      if (b.forgotten) {
        return;
      }
      BreakerStatus status = b.breaker.status();
      observe(b, status);
      want = PassiveText.state(status, b.since, b.refusal);
      if (b.requested != null && want.sameReport(b.requested)) {
        return;
      }
      long now = time.nanoTime();
      boolean outputOnly = b.requested != null && want.status() == b.requested.status();
      long sinceLast = now - b.outputWrittenAtNanos;
      if (outputOnly && b.outputWrittenAtNanos != InstanceBreaker.NEVER && sinceLast < OUTPUT_SYNC.toNanos()) {
        if (!b.deferred) {
          b.deferred = true;
          scheduler.schedule(Duration.ofNanos(OUTPUT_SYNC.toNanos() - sinceLast), () -> {
            synchronized (group) {
              b.deferred = false;
            }
            publish(b);
          });
        }
        return;
      }
      b.requested = want;
      if (outputOnly) {
        b.outputWrittenAtNanos = now;
      }
      seq = ++b.writeSeq;
      b.inFlight++;
    }
    String checkId = PassiveCheck.id(b.instanceId);
    updates.updateHealth(b.instanceId, i -> b.forgotten || b.writeSeq != seq || !i.service().key().equals(b.service)
        ? i : i.withCheckState(checkId, want)).whenComplete((stored, error) -> {
          synchronized (group) {
            b.inFlight--;
            if (error != null && b.writeSeq == seq) {
              b.requested = null; // the next report or event tries again
            }
          }
          if (error != null) {
            LOG.log(Level.WARNING, "could not record the passive check of " + b.instanceId + ": "
                + error.getMessage());
          } else if (stored.isEmpty()) {
            forget(b); // deregistered while its report was being applied: nothing left to keep it for
          }
        });
  }

  /** Removes the passive check of an instance whose service turned passive health off. */
  private void removeCheck(String instanceId) {
    updates.updateHealth(instanceId, i -> breakers.containsKey(i.id()) ? i
        : i.withoutCheckState(PassiveCheck.id(i.id()))).whenComplete((stored, error) -> {
          if (error != null) {
            LOG.log(Level.WARNING, "could not remove the passive check of " + instanceId + ": "
                + error.getMessage());
          }
        });
  }
}
