package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSourceTest {

  @Test
  void theSystemSourceReadsTheJvmClocks() {
    long nanosBefore = System.nanoTime();
    Instant before = Instant.now();

    long nanos = TimeSource.system().nanoTime();
    Instant now = TimeSource.system().now();

    long nanosAfter = System.nanoTime();
    assertThat(nanos - nanosBefore).isBetween(0L, nanosAfter - nanosBefore);
    assertThat(now).isBetween(before, Instant.now());
  }
}
