package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.storage.StoreFixtures.CapturedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Compaction writes its snapshot beside the journal, not in its way. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalCompactionTest {

  @TempDir
  Path tmp;

  private DataDir dir;
  private JournalFile journal;
  private JournalWriter writer;
  private final CountDownLatch snapshotMayFinish = new CountDownLatch(1);
  private final List<StoredState> written = new ArrayList<>();

  private boolean closed;

  @AfterEach
  void closeWriter() throws Exception {
    snapshotMayFinish.countDown();
    closeAll();
  }

  private void closeAll() throws IOException {
    if (!closed) {
      closed = true;
      writer.close();
      journal.close();
      dir.close();
    }
  }

  @Test
  void appendsBecomeDurableWhileASnapshotIsBeingWritten() throws Exception {
    open(state -> {
      await(snapshotMayFinish);
      new SnapshotFile(dir).write(state);
    });
    writer.append(frame(1)).join();
    writer.compact(new StoredState(1, List.of(plain("i-1", 1))));

    // The snapshot is stuck; appends queued behind its marker still complete.
    for (int i = 2; i <= 5; i++) {
      writer.append(frame(i)).get(5, TimeUnit.SECONDS);
    }
    assertThat(records(dir.journal())).isEqualTo(5);

    snapshotMayFinish.countDown();
    closeAll();

    try (JournalStore store = JournalStore.open(tmp)) {
      StoredState state = store.load();
      assertThat(state.index()).isEqualTo(5);
      assertThat(state.instances()).hasSize(5);
    }
    // The snapshot holds i-1; the journal only what was appended after the marker.
    assertThat(records(tmp.resolve("journal.log"))).isEqualTo(4);
  }

  @Test
  void aCompactionAskedForDuringASnapshotWaitsAndOnlyTheLatestIsWritten() throws Exception {
    open(state -> {
      await(snapshotMayFinish);
      synchronized (written) {
        written.add(state);
      }
    });
    writer.append(frame(1)).join();
    writer.compact(new StoredState(1, List.of()));
    writer.append(frame(2)).join();
    writer.compact(new StoredState(2, List.of()));
    writer.append(frame(3)).join();
    writer.compact(new StoredState(3, List.of()));
    writer.append(frame(4)).join();

    snapshotMayFinish.countDown();
    writer.close();

    synchronized (written) {
      assertThat(written).extracting(StoredState::index).containsExactly(1L, 3L);
    }
    // Cut at the third marker: only the fourth record is left.
    assertThat(records(dir.journal())).isEqualTo(1);
  }

  @Test
  void aSnapshotThatCannotBeWrittenIsLoggedAndTheJournalKeepsEveryRecord() throws Exception {
    open(state -> {
      throw new IOException("No space left on device");
    });
    try (CapturedLog log = new CapturedLog(JournalWriter.class)) {
      writer.append(frame(1)).join();
      writer.compact(new StoredState(1, List.of()));
      CompletableFuture<Void> later = writer.append(frame(2));
      later.join();
      writer.close();

      assertThat(log.messages()).singleElement().asString()
          .startsWith("SEVERE journal store in " + tmp + " could not write a snapshot")
          .contains("No space left on device");
    }
    assertThat(records(dir.journal())).isEqualTo(2);
  }

  private void open(JournalWriter.SnapshotWriter snapshots) {
    dir = DataDir.lock(tmp);
    journal = JournalFile.open(dir, 0);
    writer = new JournalWriter(journal, snapshots, tmp.toString());
    writer.start();
  }

  /** Records in a journal, up to its end or to the zeroes written ahead of them. */
  private static int records(Path journal) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(journal));
    int n = 0;
    while (file.remaining() >= RecordFraming.HEADER_BYTES && file.getInt(file.position()) > 0) {
      file.position(file.position() + RecordFraming.HEADER_BYTES + file.getInt(file.position()));
      n++;
    }
    return n;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ByteBuffer frame(long index) {
    return RecordFraming.frame(JournalCodec.encode(put(index, "i-" + index)));
  }
}
