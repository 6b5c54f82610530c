package dev.signpost.dns.metrics;

import dev.signpost.core.passive.PassiveHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Passive health's numbers as meters, read when scraped: outcomes reported by result
 * ({@code signpost_passive_outcomes_total{result="success|failure"}}), ejections, ejections the service's share
 * refused or ended early, reports refused for their size, and the breakers open and half-open now.
 */
public final class PassiveMeters {

  private PassiveMeters() {}

  public static void bind(PassiveHealth passive, MeterRegistry registry) {
    outcomes(registry, passive, "success", PassiveHealth::successesReported);
    outcomes(registry, passive, "failure", PassiveHealth::failuresReported);
    FunctionCounter.builder("signpost.passive.ejections", passive, PassiveHealth::ejections)
        .description("instances ejected by their circuit breaker (opened), half-open ones re-opened included")
        .register(registry);
    FunctionCounter.builder("signpost.passive.ejections.refused", passive, PassiveHealth::ejectionsRefused)
        .description("ejections refused because the service's MaxEjectedPercent was reached or no other instance"
            + " would have been left in DNS, and ejections ended early when instances left")
        .register(registry);
    FunctionCounter.builder("signpost.passive.batches.refused", passive, PassiveHealth::batchesRefused)
        .description("outcome reports refused whole for holding more than --passive-max-batch outcomes")
        .register(registry);
    Gauge.builder("signpost.passive.open", passive, PassiveHealth::openNow)
        .description("instances whose circuit breaker is open now: out of DNS").register(registry);
    Gauge.builder("signpost.passive.half.open", passive, PassiveHealth::halfOpenNow)
        .description("instances whose circuit breaker is half-open now: back in DNS, last, on trial")
        .register(registry);
  }

  private static void outcomes(MeterRegistry registry, PassiveHealth passive, String result,
      ToDoubleFunction<PassiveHealth> count) {
    FunctionCounter.builder("signpost.passive.outcomes", passive, count)
        .description("call outcomes reported by clients (PUT /v1/signpost/instance/{id}/outcomes), by result")
        .tag("result", result).register(registry);
  }
}
