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

  private static ByteBuffer frame(long index) {
    return RecordFraming.frame(JournalCodec.encode(put(index, "i-" + index)));
  }
}
