package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's running state for one check of one instance: its thresholds, its timers, and when it last
 * wrote. Confined to the engine's thread, except {@link #ttlDeadline}, which heartbeats move from API
 * threads.
 */
final class CheckRunner {

  static final long NEVER = Long.MIN_VALUE;

  final String instanceId;
  final CheckSpec spec;
  /** For an HTTP or TCP check: where its probes go, for the per-host probe limit; null for a TTL check. */
  final ProbeTarget target;
  final Thresholds thresholds;
  /** For a TTL check: the monotonic time after which it expires; shared with heartbeats. */
  final AtomicLong ttlDeadline;

  boolean stopped;
  HealthScheduler.Cancellable timer = HealthScheduler.Cancellable.NONE;
  /** The run in progress (waiting for a slot or probing), or NONE. */
  HealthScheduler.Cancellable probing = HealthScheduler.Cancellable.NONE;
  /** For an HTTP or TCP check: whether the next run is the second (which spreads checks over the interval). */
  boolean firstRunDone;
  /** For a TTL check: whether an expiry timer is pending. */
  boolean ttlArmed;
  /** When the last state was written for an output change alone, to rate-limit such writes. */
  long lastOutputWrite = NEVER;
  /** Since when the stored state is critical (for DeregisterCriticalServiceAfter), or NEVER. */
  long criticalSince = NEVER;
  HealthScheduler.Cancellable reaper = HealthScheduler.Cancellable.NONE;

  CheckRunner(String instanceId, CheckSpec spec, AtomicLong ttlDeadline) {
    this.instanceId = instanceId;
    this.spec = spec;
    this.target = spec.kind() == CheckSpec.Kind.TTL ? null : ProbeTarget.of(spec);
    this.thresholds = new Thresholds(spec);
    this.ttlDeadline = ttlDeadline;
  }

  String checkId() {
    return spec.checkId();
  }

  void stop() {
    stopped = true;
    timer.cancel();
    probing.cancel();
    reaper.cancel();
  }
}
