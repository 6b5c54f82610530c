package dev.signpost.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

  @Test
  void standsStillUntilAdvancedAndThenMovesBothClocksByTheSameAmount() {
    ManualTime time = new ManualTime(Instant.parse("2026-12-03T10:15:00Z"), -5_000);
    assertThat(time.nanoTime()).isEqualTo(-5_000);
    assertThat(time.now()).isEqualTo(Instant.parse("2026-12-03T10:15:00Z"));

    time.advance(Duration.ofSeconds(90).plusNanos(7));

    assertThat(time.nanoTime()).isEqualTo(89_999_995_007L);
    assertThat(time.now()).isEqualTo(Instant.parse("2026-12-03T10:16:30.000000007Z"));
  }

  @Test
  void startsAtAFixedDateWithNanoTimeAtZero() {
    ManualTime time = new ManualTime();

    assertThat(time.nanoTime()).isZero();
    assertThat(time.now()).isEqualTo(ManualTime.START);
  }

  @Test
  void refusesToGoBack() {
    ManualTime time = new ManualTime();

    assertThatThrownBy(() -> time.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time only moves forward, not by PT-0.000000001S");
    assertThat(time.nanoTime()).isZero();
  }
}
