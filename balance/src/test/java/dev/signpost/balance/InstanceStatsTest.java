package dev.signpost.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InstanceStatsTest {

  private final ManualNanos time = new ManualNanos(-5_000); // nanoTime may be negative
  private final InstanceStats stats = new InstanceStats(time);

  @Test
  void connectionsAreTheLastReportedCount() {
    assertThat(stats.connections("a")).isEmpty();

    stats.reportConnections("a", 4);
    stats.reportConnections("a", 2);

    assertThat(stats.connections("a")).isEqualTo(OptionalLong.of(2));
  }

  @Test
  void negativeConnectionCountsAreRefused() {
    assertThatThrownBy(() -> stats.reportConnections("a", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ActiveConnections must not be negative, got -1");
  }

  @Test
  void theFirstProbeSetsTheAverageAndLaterOnesMoveItByThirtyPercent() {
    assertThat(stats.latency("a")).isEmpty();

    stats.recordProbe("a", Duration.ofMillis(100), false);
    assertThat(stats.latency("a")).contains(Duration.ofMillis(100));

    stats.recordProbe("a", Duration.ofMillis(200), false);
    assertThat(stats.latency("a")).contains(Duration.ofMillis(130)); // 0.3 * 200 + 0.7 * 100

    stats.recordProbe("a", Duration.ofMillis(100), false);
    assertThat(stats.latency("a")).contains(Duration.ofMillis(121)); // 0.3 * 100 + 0.7 * 130
  }

  @Test
  void aFailedProbeMarksTheFailureWithoutMovingTheAverage() {
    stats.recordProbe("a", Duration.ofMillis(100), false);
    stats.recordProbe("a", Duration.ofSeconds(10), true);

    assertThat(stats.latency("a")).contains(Duration.ofMillis(100));
    assertThat(stats.failedRecently("a")).isTrue();
  }

  @Test
  void aFailureIsRecentForSixtySeconds() {
    stats.recordProbe("a", Duration.ofMillis(1), true);
    assertThat(stats.failedRecently("a")).isTrue();

    time.advance(InstanceStats.RECENT_FAILURE);
    assertThat(stats.failedRecently("a")).isTrue();

    time.advance(Duration.ofNanos(1));
    assertThat(stats.failedRecently("a")).isFalse();

    stats.recordProbe("a", Duration.ofMillis(1), true);
    assertThat(stats.failedRecently("a")).isTrue();
  }

  @Test
  void successfulProbesAloneNeverCountAsFailures() {
    stats.recordProbe("a", Duration.ofMillis(1), false);

    assertThat(stats.failedRecently("a")).isFalse();
    assertThat(stats.failedRecently("unknown")).isFalse();
  }

  @Test
  void negativeProbeTimesAreRefused() {
    assertThatThrownBy(() -> stats.recordProbe("a", Duration.ofMillis(-1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.001S");
  }

  @Test
  void forgettingAnInstanceDropsEverything() {
    stats.reportConnections("a", 3);
    stats.recordProbe("a", Duration.ofMillis(5), true);

    stats.forget("a");

    assertThat(stats.connections("a")).isEmpty();
    assertThat(stats.latency("a")).isEmpty();
    assertThat(stats.failedRecently("a")).isFalse();
  }
}
