package dev.signpost.core.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when the journal has grown enough since the last compaction to be worth folding into a
 * snapshot. Asked on every registry write, so it only compares two counters.
 */
final class CompactionPolicy {

  static final long DEFAULT_MAX_RECORDS = 100_000;
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private final long maxRecords;
  private final long maxBytes;
  private final AtomicLong records;
  private final AtomicLong bytes;

  CompactionPolicy(long maxRecords, long maxBytes, long records, long bytes) {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "compaction thresholds must be positive, got " + maxRecords + " records and " + maxBytes + " bytes");
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.records = new AtomicLong(records);
    this.bytes = new AtomicLong(bytes);
  }

  void appended(long recordBytes) {
    records.incrementAndGet();
    bytes.addAndGet(recordBytes);
  }

  /**
   * Counts from zero again as soon as a compaction is asked for, not when it is done: everything before
   * its marker in the queue will be cut from the journal, and asking again meanwhile would only queue a
   * second, useless snapshot.
   */
  void compactionRequested() {
    records.set(0);
    bytes.set(0);
  }

  boolean wanted() {
    return records.get() > maxRecords || bytes.get() > maxBytes;
  }
}
