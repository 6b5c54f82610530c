package dev.signpost.balance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A monotonic nanosecond source that moves only when a test says so. */
final class ManualNanos implements LongSupplier {

  private final AtomicLong nanos;

  /** Starts at {@code start}; a negative start checks that nothing reads the raw value as an age. */
  ManualNanos(long start) {
    nanos = new AtomicLong(start);
  }

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}
