package dev.signpost.core.passive;

import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.balance.breaker.CircuitBreaker;
import dev.signpost.core.CheckState;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.health.HealthScheduler;
import java.time.Instant;

/**
 * One instance's breaker and what passive health remembers about it: the state it last saw (for the gauges,
 * the timer and the wall-clock time the output shows), the last refused ejection, and what it last asked the
 * registry to store. Guarded by its service's {@link ServiceBreakers} lock, except the write fields, which
 * the registry's write lock reads.
 */
final class InstanceBreaker {

  static final long NEVER = Long.MIN_VALUE;

  final String instanceId;
  final String service;
  final CircuitBreaker breaker;
  PassivePolicy policy;
  BreakerState seen = BreakerState.CLOSED;
  long seenSinceNanos;
  Instant since;
  /** Why the last ejection was refused (with when), until the next change of state or a report without failures. */
  String refusal;
  HealthScheduler.Cancellable timer = HealthScheduler.Cancellable.NONE;
  /** The state last asked to be stored; null once a write failed (so the next one retries). */
  CheckState requested;
  /** When a change of output alone was last asked to be stored. */
  long outputWrittenAtNanos = NEVER;
  boolean deferred;
  /** Writes asked and not completed yet. */
  int inFlight;
  /** Bumped by each write asked: an older write that reaches the registry after a newer one changes nothing. */
  volatile long writeSeq;
  volatile boolean forgotten;

  InstanceBreaker(String instanceId, String service, CircuitBreaker breaker, PassivePolicy policy, long nowNanos,
      Instant now) {
    this.instanceId = instanceId;
    this.service = service;
    this.breaker = breaker;
    this.policy = policy;
    this.seenSinceNanos = nowNanos;
    this.since = now;
  }
}
