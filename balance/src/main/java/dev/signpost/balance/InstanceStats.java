package dev.signpost.balance;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Live numbers about instances that the load-aware strategies read on every query: active connections and
 * response times. Kept in memory only (they are stale after a restart anyway). On the server the health
 * engine and the admin API update them and DNS threads read them lock-free; in the Java client its own calls
 * do (connections in flight, measured call times). Time is injected as a monotonic nanosecond source (the
 * server passes its {@code TimeSource::nanoTime}, the client {@link System#nanoTime}) so tests can move it.
 */
public final class InstanceStats {

  /** How long a failed probe keeps an instance at the back of the latency order. */
  public static final Duration RECENT_FAILURE = Duration.ofSeconds(60);

  /** The weight of a new latency sample in the moving average. */
  static final double ALPHA = 0.3;

  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Long> connections = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Probes> probes = new ConcurrentHashMap<>();

  /** @param nanoTime a monotonic time in nanoseconds: only differences are used, never the raw values */
  public InstanceStats(LongSupplier nanoTime) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Replaces the instance's count of active connections (as the instance itself reported it). */
  public void reportConnections(String instanceId, long active) {
    Objects.requireNonNull(instanceId, "instanceId");
    if (active < 0) {
      throw new IllegalArgumentException("ActiveConnections must not be negative, got " + active);
    }
    connections.put(instanceId, active);
  }

  /** The last reported count; empty when the instance never reported one. */
  public OptionalLong connections(String instanceId) {
    Long active = connections.get(instanceId);
    return active == null ? OptionalLong.empty() : OptionalLong.of(active);
  }

  /**
   * Records one probe. A successful probe's time feeds the moving average; a failed probe's does not (a
   * refused connection is fast, a timeout is the timeout: neither is the instance's response time), it
   * only marks the time of failure.
   */
  public void recordProbe(String instanceId, Duration elapsed, boolean failed) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("probe time must not be negative, got " + elapsed);
    }
    long now = nanoTime.getAsLong();
    double sample = elapsed.toNanos();
    probes.compute(instanceId, (id, old) -> {
      Probes p = old == null ? Probes.NONE : old;
      return failed ? p.failedAt(now) : p.measured(sample);
    });
  }

  /** The moving average of successful probe times; empty before the first success. */
  public Optional<Duration> latency(String instanceId) {
    Probes p = probes.get(instanceId);
    if (p == null || Double.isNaN(p.ewmaNanos())) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(p.ewmaNanos())));
  }

  /** Whether a probe failed no longer than {@link #RECENT_FAILURE} ago. */
  public boolean failedRecently(String instanceId) {
    Probes p = probes.get(instanceId);
    // Compare differences, never raw nanoTime values: the source may be negative or wrap.
    return p != null && p.failed() && nanoTime.getAsLong() - p.lastFailureNanos() <= RECENT_FAILURE.toNanos();
  }

  /** Drops everything known about a deregistered instance. */
  public void forget(String instanceId) {
    connections.remove(instanceId);
    probes.remove(instanceId);
  }

  /** One instance's probe history: NaN average before the first success. */
  private record Probes(double ewmaNanos, boolean failed, long lastFailureNanos) {

    static final Probes NONE = new Probes(Double.NaN, false, 0);

    Probes measured(double sample) {
      double next = Double.isNaN(ewmaNanos) ? sample : ALPHA * sample + (1 - ALPHA) * ewmaNanos;
      return new Probes(next, failed, lastFailureNanos);
    }

    Probes failedAt(long now) {
      return new Probes(ewmaNanos, true, now);
    }
  }
}
