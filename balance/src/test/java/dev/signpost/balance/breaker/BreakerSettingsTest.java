package dev.signpost.balance.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BreakerSettingsTest {

  private static final Duration S30 = Duration.ofSeconds(30);

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(BreakerSettings.DEFAULTS).isEqualTo(new BreakerSettings(5, 50, 20, S30, S30,
        Duration.ofMinutes(5), 3));
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of((Supplier<?>) () -> new BreakerSettings(-1, 50, 20, S30, S30, S30, 3),
            "ConsecutiveFailures must be between 0 and 1000000, got -1"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 101, 20, S30, S30, S30, 3),
            "FailureRatePercent must be between 0 and 100, got 101"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(0, 0, 20, S30, S30, S30, 3),
            "ConsecutiveFailures and FailureRatePercent are both 0: nothing could open the breaker"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 0, S30, S30, S30, 3),
            "MinimumCalls must be between 1 and 1000000, got 0"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, Duration.ZERO, S30, S30, 3),
            "Window must be positive and at most 3600s, got 0s"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, Duration.ofHours(2), S30, S30, 3),
            "Window must be positive and at most 3600s, got 7200s"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, S30, Duration.ofMillis(-1), S30, 3),
            "EjectionTime must be positive and at most 86400s, got -1ms"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, S30, S30, Duration.ofDays(2), 3),
            "MaxEjectionTime must be positive and at most 86400s, got 172800s"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, S30, S30, Duration.ofSeconds(10), 3),
            "MaxEjectionTime (10s) must not be shorter than EjectionTime (30s)"),
        Arguments.of((Supplier<?>) () -> new BreakerSettings(5, 50, 20, S30, S30, S30, 0),
            "HalfOpenSuccesses must be between 1 and 1000000, got 0"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badSettingsAreRefusedNamingTheField(Supplier<?> make, String message) {
    assertThatThrownBy(make::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void eitherRuleMayBeOffAlone() {
    assertThat(new BreakerSettings(0, 50, 20, S30, S30, S30, 3).consecutiveFailures()).isZero();
    assertThat(new BreakerSettings(5, 0, 20, S30, S30, S30, 3).failureRatePercent()).isZero();
  }
}
