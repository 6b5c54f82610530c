package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.json.GoDuration;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.core.PassivePolicy;
import java.time.Duration;
import java.util.Objects;

/** A policy's {@code Passive} object to {@link PassivePolicy} and back; absent fields take the defaults. */
final class PassiveMapper {

  private PassiveMapper() {}

  /** @throws ApiException 400 naming the field ({@code Passive.…}) when a value is out of range */
  static PassivePolicy toPolicy(PassiveDefinitionJson body) {
    BreakerSettings d = BreakerSettings.DEFAULTS;
    try {
      BreakerSettings breaker = new BreakerSettings(
          or(body.consecutiveFailures(), d.consecutiveFailures()),
          or(body.failureRatePercent(), d.failureRatePercent()),
          or(body.minimumCalls(), d.minimumCalls()),
          Objects.requireNonNullElse(body.window(), d.window()),
          Objects.requireNonNullElse(body.ejectionTime(), d.ejectionTime()),
          maxEjectionTime(body, d),
          or(body.halfOpenSuccesses(), d.halfOpenSuccesses()));
      return new PassivePolicy(body.enabled() == null || body.enabled(), breaker,
          or(body.maxEjectedPercent(), PassivePolicy.DEFAULT.maxEjectedPercent()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Passive." + e.getMessage());
    }
  }

  static PassiveJson toJson(PassivePolicy p) {
    BreakerSettings b = p.breaker();
    return new PassiveJson(p.enabled(), b.consecutiveFailures(), b.failureRatePercent(), b.minimumCalls(),
        GoDuration.format(b.window()), GoDuration.format(b.ejectionTime()), GoDuration.format(b.maxEjectionTime()),
        b.halfOpenSuccesses(), p.maxEjectedPercent());
  }

  /**
   * The cap on a doubled ejection: as given, else the default, raised to the ejection time when only a longer
   * ejection time was given (a lone {@code "EjectionTime": "10m"} is no error).
   */
  private static Duration maxEjectionTime(PassiveDefinitionJson body, BreakerSettings d) {
    if (body.maxEjectionTime() != null) {
      return body.maxEjectionTime();
    }
    Duration ejection = Objects.requireNonNullElse(body.ejectionTime(), d.ejectionTime());
    return ejection.compareTo(d.maxEjectionTime()) > 0 ? ejection : d.maxEjectionTime();
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
