package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.storage.StoreFixtures.CapturedLog;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalWriterTest {

  @TempDir
  Path tmp;

  private DataDir dir;
  private JournalFile journal;
  private JournalWriter writer;

  @BeforeEach
  void openWriter() {
    dir = DataDir.lock(tmp);
    journal = JournalFile.open(dir, 0);
    writer = new JournalWriter(journal, new SnapshotFile(dir), tmp.toString());
  }

  @AfterEach
  void closeWriter() throws Exception {
    writer.close();
    journal.close();
    dir.close();
  }

  @Test
  void appendsCompleteInTheOrderTheyWereQueued() {
    writer.start();
    List<Integer> completed = new ArrayList<>();
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      int n = i;
      durable.add(writer.append(frame(i)).thenRun(() -> {
        synchronized (completed) {
          completed.add(n);
        }
      }));
    }
    CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();

    synchronized (completed) {
      assertThat(completed).hasSize(1000).isSorted();
    }
  }

  @Test
  void anIoErrorFailsTheQueuedAppendsAndEveryLaterOne() throws Exception {
    // A closed channel makes the next write throw, as a vanished disk would.
    journal.close();
    CompletableFuture<Void> first = writer.append(frame(1));
    CompletableFuture<Void> second = writer.append(frame(2));
    try (CapturedLog log = new CapturedLog(JournalWriter.class)) {
      writer.start();
      assertThatThrownBy(second::join).cause().isInstanceOf(StoreException.class);
      assertThat(log.messages()).singleElement().asString().startsWith("SEVERE journal store in " + tmp);
    }

    assertThatThrownBy(first::join)
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(StoreException.class)
        .hasMessageStartingWith("journal store in " + tmp + " cannot write")
        .hasMessageContaining("writes are refused until it can");
    assertThat(writer.isOpen()).isFalse();
    assertThat(writer.failure()).hasValueSatisfying(why -> assertThat(why).contains("writes are refused"));
    assertThatThrownBy(() -> writer.append(frame(3)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("writes are refused")
        .satisfies(e -> assertThat(((StoreException) e).retryAfter()).isPresent());
  }

  @Test
  void closeRefusesLaterAppendsAndCompactions() {
    writer.start();
    assertThat(writer.failure()).isEmpty();
    writer.close();

    assertThat(writer.isOpen()).isFalse();
    assertThatThrownBy(() -> writer.append(frame(1))).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> writer.compact(StoredState.EMPTY)).isInstanceOf(StoreException.class);
  }

  @Test
  void eachGroupCommitIsToldWithItsChangesAndTheTimeItsWriteAndSyncTook() throws Exception {
    List<long[]> commits = new ArrayList<>();
    // Each reading of the clock is a millisecond after the last: the commit reads it before and after.
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    dev.signpost.core.TimeSource time = new dev.signpost.core.TimeSource() {
      @Override
      public long nanoTime() {
        return clock.addAndGet(1_000_000);
      }

      @Override
      public java.time.Instant now() {
        return java.time.Instant.EPOCH;
      }
    };
    JournalWriter observed = new JournalWriter(journal, new SnapshotFile(dir)::write, tmp.toString(),
        (changes, nanos) -> {
          synchronized (commits) {
            commits.add(new long[] {changes, nanos});
          }
        }, time);
    // Queued before the thread starts: one batch, so one commit of three.
    List<CompletableFuture<Void>> durable = List.of(observed.append(frame(1)), observed.append(frame(2)),
        observed.append(frame(3)));
    observed.start();
    CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();
    observed.append(frame(4)).join();
    observed.close();

    synchronized (commits) {
      assertThat(commits).extracting(c -> c[0]).containsExactly(3L, 1L);
      assertThat(commits).extracting(c -> c[1]).containsOnly(1_000_000L);
    }
  }

  @Test
  void theJournalsSizeIsItsSyncedRecords() {
    writer.start();
    ByteBuffer one = frame(1);
    int bytes = one.remaining();
    writer.append(one).join();
    writer.append(frame(2)).join();

    assertThat(journal.durableBytes()).isEqualTo(bytes + (long) frame(2).remaining());
  }

  private static ByteBuffer frame(long index) {
    return RecordFraming.frame(JournalCodec.encode(put(index, "i-" + index)));
  }
}
