package dev.signpost.core.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when the journal has grown enough since the last compaction to be worth folding into a
 * snapshot. Asked on every registry write, so it only compares counters.
 *
 * <p>The limits grow with the registry: the journal may hold up to half as many records as the last
 * snapshot held instances (and proportionally more bytes) before it is folded. With fixed limits a large
 * registry would rewrite its whole snapshot every 100,000 writes: a million instances, written at 10,000
 * registrations a second, every ten seconds. Scaled, each write pays for at most two instances of snapshot,
 * whatever the size, and a start-up replays at most half as many journal records as snapshot instances.
 */
final class CompactionPolicy {

  static final long DEFAULT_MAX_RECORDS = 100_000;
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private final long maxRecords;
  private final long maxBytes;
  private final AtomicLong records;
  private final AtomicLong bytes;
  private volatile long recordLimit;
  private volatile long byteLimit;

  /**
   * Limits {@code maxRecords} and {@code maxBytes} hold for a registry of up to {@code 2 * maxRecords}
   * instances; the journal holds {@code records} and {@code bytes} now, the registry {@code instances}.
   */
  CompactionPolicy(long maxRecords, long maxBytes, long records, long bytes, long instances) {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "compaction thresholds must be positive, got " + maxRecords + " records and " + maxBytes + " bytes");
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.records = new AtomicLong(records);
    this.bytes = new AtomicLong(bytes);
    scaleTo(instances);
  }

  void appended(long recordBytes) {
    records.incrementAndGet();
    bytes.addAndGet(recordBytes);
  }

  /**
   * Counts from zero again as soon as a compaction is asked for, not when it is done: everything before
   * its marker in the queue will be cut from the journal, and asking again meanwhile would only queue a
   * second, useless snapshot. The limits follow the size of the snapshot asked for.
   */
  void compactionRequested(long instances) {
    records.set(0);
    bytes.set(0);
    scaleTo(instances);
  }

  boolean wanted() {
    return records.get() > recordLimit || bytes.get() > byteLimit;
  }

  long recordLimit() {
    return recordLimit;
  }

  long byteLimit() {
    return byteLimit;
  }

  private void scaleTo(long instances) {
    long limit = Math.max(maxRecords, instances / 2);
    recordLimit = limit;
    byteLimit = limit == maxRecords ? maxBytes
        : (long) Math.min(Long.MAX_VALUE, (double) maxBytes * limit / maxRecords);
  }
}
