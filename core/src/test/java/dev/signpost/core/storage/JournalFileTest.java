package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.storage.StoreFixtures.CapturedLog;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal file is zero-filled ahead of its records, so that a commit does not have to grow it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalFileTest {

  @TempDir
  Path tmp;

  @Test
  void commitsGoIntoZeroesWrittenAheadSoTheFileDoesNotGrowWithEachRecord() throws Exception {
    DataDir dir = DataDir.lock(tmp);
    try (JournalFile journal = JournalFile.open(dir, 0)) {
      journal.write(List.of(frame(1)));
      journal.commit();
      assertThat(Files.size(dir.journal())).isEqualTo(JournalFile.PREALLOCATION_BYTES);

      journal.write(List.of(frame(2), frame(3)));
      journal.commit();
      assertThat(Files.size(dir.journal())).isEqualTo(JournalFile.PREALLOCATION_BYTES);
    } finally {
      dir.close();
    }
  }

  @Test
  void aCleanCloseCutsTheUnusedZeroesOff() throws Exception {
    DataDir dir = DataDir.lock(tmp);
    long written = 0;
    try (JournalFile journal = JournalFile.open(dir, 0)) {
      for (int i = 1; i <= 3; i++) {
        ByteBuffer f = frame(i);
        written += f.remaining();
        journal.write(List.of(f));
        journal.commit();
      }
    } finally {
      dir.close();
    }
    assertThat(Files.size(tmp.resolve("journal.log"))).isEqualTo(written);
    assertThat(StoreFixtures.recordOffsets(tmp.resolve("journal.log"))).hasSize(3);
  }

  @Test
  void aJournalOutgrowingItsZeroesGetsAnotherChunk() throws Exception {
    DataDir dir = DataDir.lock(tmp);
    try (JournalFile journal = JournalFile.open(dir, 0)) {
      long written = 0;
      int n = 0;
      while (written <= JournalFile.PREALLOCATION_BYTES) {
        List<ByteBuffer> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          ByteBuffer f = frame(++n);
          written += f.remaining();
          batch.add(f);
        }
        journal.write(batch);
        journal.commit();
      }
      assertThat(Files.size(dir.journal())).isEqualTo(2L * JournalFile.PREALLOCATION_BYTES);
    } finally {
      dir.close();
    }
  }

  @Test
  void aCrashInsideTheZeroesKeepsEveryCommittedRecord() throws Exception {
    Path crashed = tmp.resolve("crashed");
    try (JournalStore store = JournalStore.open(tmp.resolve("live"))) {
      store.load();
      for (int i = 1; i <= 5; i++) {
        store.append(put(i, "i-" + i)).toCompletableFuture().join();
      }
      // What a kill -9 leaves behind: the records, then the zeroes written ahead of them.
      Files.createDirectories(crashed);
      Files.write(crashed.resolve("journal.log"), Files.readAllBytes(tmp.resolve("live/journal.log")));
    }
    assertThat(Files.size(crashed.resolve("journal.log"))).isEqualTo(JournalFile.PREALLOCATION_BYTES);

    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(crashed)) {
      assertThat(store.load().instances()).containsExactlyInAnyOrder(
          plain("i-1", 1), plain("i-2", 2), plain("i-3", 3), plain("i-4", 4), plain("i-5", 5));
      assertThat(log.messages()).singleElement().asString().startsWith("INFO")
          .contains("was not closed by the last run", "every record is kept");
      store.append(put(6, "after")).toCompletableFuture().join();
    }
    try (JournalStore store = JournalStore.open(crashed)) {
      assertThat(store.load().instances()).hasSize(6).contains(plain("after", 6));
    }
  }

  @Test
  void aCutKeepsTheRecordsAfterItsOffsetWithOnlyZeroesBehindThem() throws Exception {
    DataDir dir = DataDir.lock(tmp);
    try (JournalFile journal = JournalFile.open(dir, 0)) {
      for (int i = 1; i <= 20; i++) {
        journal.write(List.of(frame(i)));
      }
      long snapshotAt = journal.end();
      journal.write(List.of(frame(21), frame(22)));
      journal.commit();

      journal.cutBefore(snapshotAt);
      journal.write(List.of(frame(23)));
      journal.commit();

      assertThat(journal.end()).isEqualTo(snapshotAt + frame(21).remaining() + frame(22).remaining()
          + frame(23).remaining());
      // As a crash would leave it: the kept records, the new one, then zeroes only, so that no record
      // from before the cut can come back.
      byte[] file = Files.readAllBytes(dir.journal());
      int records = frame(21).remaining() + frame(22).remaining() + frame(23).remaining();
      assertThat(ByteBuffer.wrap(file, 0, records)).isEqualTo(
          ByteBuffer.allocate(records).put(frame(21)).put(frame(22)).put(frame(23)).flip());
      for (int i = records; i < file.length; i++) {
        assertThat(file[i]).as("byte %d", i).isZero();
      }
      assertThat(Files.exists(tmp.resolve("journal.log.cut"))).isFalse();
    } finally {
      dir.close();
    }
  }

  @Test
  void aJournalLeftHalfCutByACrashIsIgnored() throws Exception {
    try (JournalStore store = JournalStore.open(tmp)) {
      store.load();
      store.append(put(1, "kept")).toCompletableFuture().join();
    }
    Files.write(tmp.resolve("journal.log.cut"), frame(9).array());

    try (JournalStore store = JournalStore.open(tmp)) {
      assertThat(store.load().instances()).containsExactly(plain("kept", 1));
    }
    assertThat(Files.exists(tmp.resolve("journal.log.cut"))).isFalse();
  }

  private static ByteBuffer frame(long index) {
    return RecordFraming.frame(JournalCodec.encode(put(index, "i-" + index)));
  }
}
