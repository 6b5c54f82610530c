package dev.signpost.dns.metrics;

import dev.signpost.core.health.CheckObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * How long health probes take, by check type and result: {@code signpost_check_duration_seconds{type,status}}.
 * A combination's timer appears with its first probe (types and statuses are a handful each), so a server
 * without TCP checks shows no {@code type="tcp"} series.
 */
public final class CheckMeters {

  private CheckMeters() {}

  public static CheckObserver observer(MeterRegistry registry) {
    return (kind, status, took) -> Timer.builder("signpost.check.duration")
        .description("one health probe, from its start to its result, by check type and the result's status")
        .tag("type", kind.name().toLowerCase(Locale.ROOT)).tag("status", status.wireName())
        .register(registry).record(took);
  }
}
