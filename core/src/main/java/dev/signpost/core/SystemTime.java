package dev.signpost.core;

import java.time.Instant;

/** {@link TimeSource#system()}: a single instance, as the JVM has one pair of clocks. */
enum SystemTime implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
