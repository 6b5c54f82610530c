package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  @ParameterizedTest(name = "wait {0} steps {1} ms")
  @CsvSource({"1, 100", "2, 200", "3, 400", "4, 800", "5, 1000", "6, 1000", "100, 1000", "2147483647, 1000"})
  void theStepDoublesUpToTheMost(int n, long millis) {
    assertThat(backoff.step(n)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void eachWaitLiesInTheUpperHalfOfItsStepAndVaries() {
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 1; n <= 6; n++) {
      Set<Duration> seen = new HashSet<>();
      for (int k = 0; k < 200; k++) {
        Duration d = backoff.delay(n, random);
        assertThat(d).isBetween(backoff.step(n).dividedBy(2), backoff.step(n));
        seen.add(d);
      }
      assertThat(seen).as("jitter at wait %d", n).hasSizeGreaterThan(100);
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("backoff must be positive, got PT0S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("the most backoff (PT1S) must not be below the first (PT2S)");
  }
}
