package dev.signpost.client.micrometer;

import dev.signpost.client.ClientMetrics;
import dev.signpost.client.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ClientMetrics} into a Micrometer registry, every meter tagged with the service:
 * {@code signpost.client.attempts} (a timer, tagged {@code outcome=success|failure}),
 * {@code signpost.client.retries}, {@code signpost.client.retries.refused}, {@code signpost.client.breaker.opened},
 * {@code signpost.client.watch.failures}, {@code signpost.client.outcomes.dropped} (counters) and
 * {@code signpost.client.instances} (a gauge of the current list). Meters are registered on first use.
 */
public final class MicrometerClientMetrics implements ClientMetrics {

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, AtomicInteger> instances = new ConcurrentHashMap<>();

  private MicrometerClientMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Metrics into {@code registry}: pass the result to {@code SignpostClient.Builder.metrics}. */
  public static ClientMetrics of(MeterRegistry registry) {
    return new MicrometerClientMetrics(registry);
  }

  @Override
  public void attempt(String service, boolean success, Duration elapsed) {
    Timer.builder("signpost.client.attempts").description("Attempts of calls to instances")
        .tags("service", service, "outcome", success ? "success" : "failure").register(registry).record(elapsed);
  }

  @Override
  public void retry(String service) {
    counter("signpost.client.retries", "Attempts made again after a transient failure", service).increment();
  }

  @Override
  public void retryRefused(String service) {
    counter("signpost.client.retries.refused", "Retries the retry budget did not allow", service).increment();
  }

  @Override
  public void breakerOpened(String service) {
    counter("signpost.client.breaker.opened", "Instances whose circuit breaker opened", service).increment();
  }

  @Override
  public void instances(String service, int count, Source source) {
    instances.computeIfAbsent(service, s -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder("signpost.client.instances", value, AtomicInteger::get)
          .description("Instances in the client's current list").tag("service", s).register(registry);
      return value;
    }).set(count);
  }

  @Override
  public void watchFailed(String service) {
    counter("signpost.client.watch.failures", "Failed requests to the health API", service).increment();
  }

  @Override
  public void outcomesDropped(String service, long dropped) {
    counter("signpost.client.outcomes.dropped", "Outcome reports dropped", service).increment(dropped);
  }

  private Counter counter(String name, String description, String service) {
    return Counter.builder(name).description(description).tag("service", service).register(registry);
  }
}
