package dev.signpost.dns.metrics;

import dev.signpost.core.storage.CommitObserver;
import dev.signpost.core.storage.JournalStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The store's group commits as meters: how long each took ({@code signpost_journal_commit_seconds}, or
 * {@code signpost_etcd_commit_seconds} for the cluster's etcd transactions) and how many changes each made
 * durable ({@code ..._batch_size}); for the embedded journal also its size. core tells of each commit through a
 * {@link CommitObserver}; this records it.
 */
public final class StoreMeters {

  private StoreMeters() {}

  /**
   * The observer to open the store with. The commit timer keeps a histogram (a few dozen buckets, one series):
   * an fsync's latency is what an operator looks at when writes slow down.
   *
   * @param store {@code journal} or {@code etcd}: the meters' name
   */
  public static CommitObserver commits(String store, MeterRegistry registry) {
    Timer commit = Timer.builder("signpost." + store + ".commit")
        .description("one group commit of the " + store + ": writing and syncing a batch of changes"
            + ("etcd".equals(store) ? " (an etcd transaction)" : ""))
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    DistributionSummary batch = DistributionSummary.builder("signpost." + store + ".batch.size")
        .description("changes made durable together by one group commit of the " + store).register(registry);
    return (changes, nanos) -> {
      commit.record(nanos, TimeUnit.NANOSECONDS);
      batch.record(changes);
    };
  }

  /** The embedded journal's size: the bytes of its records since the last compaction. */
  public static void bindJournal(JournalStore journal, MeterRegistry registry) {
    Gauge.builder("signpost.journal.size", journal, JournalStore::journalBytes).baseUnit("bytes")
        .description("the journal's records since the last compaction, without the zeroes written ahead")
        .register(registry);
  }
}
