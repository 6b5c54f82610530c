package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.storage.StoreFixtures.CapturedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What start-up does with a journal a crash or a bad disk left behind. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalRecoveryTest {

  /** Ways the last of five records can be damaged; each must cost that record and nothing else. */
  enum LastRecordDamage {
    HEADER_CUT_SHORT {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        // Into the checksum: the length's bytes are not all zero (zeroes alone are the allocated tail).
        f.truncate(last + 6);
      }
    },
    PAYLOAD_CUT_SHORT {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        f.truncate(last + RecordFraming.HEADER_BYTES + (f.size() - last - RecordFraming.HEADER_BYTES) / 2);
      }
    },
    CHECKSUM_FLIPPED {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        flip(f, last + 5);
      }
    },
    PAYLOAD_BYTE_FLIPPED {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        flip(f, f.size() - 2);
      }
    },
    LENGTH_ABSURD {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        f.write(ByteBuffer.allocate(4).putInt(0, 0x7fff_fff0), last);
      }
    },
    LENGTH_BEYOND_END_OF_FILE {
      @Override
      void apply(FileChannel f, long last) throws IOException {
        f.write(ByteBuffer.allocate(4).putInt(0, 4096), last);
      }
    };

    abstract void apply(FileChannel f, long lastRecordOffset) throws IOException;

    private static void flip(FileChannel f, long at) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(1);
      f.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
      f.write(b, at);
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(LastRecordDamage.class)
  void aDamagedLastRecordIsCutAndLaterAppendsFollowTheLastGoodOne(LastRecordDamage damage) throws Exception {
    writeFiveRecords();
    Path journal = dir.resolve("journal.log");
    long last = StoreFixtures.recordOffsets(journal).get(4);
    try (FileChannel f = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      damage.apply(f, last);
    }
    long damagedSize = Files.size(journal);

    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(dir)) {
      StoredState state = store.load();
      assertThat(state.index()).isEqualTo(4);
      assertThat(state.instances()).containsExactlyInAnyOrder(
          plain("i-1", 1), plain("i-2", 2), plain("i-3", 3), plain("i-4", 4));
      assertThat(Files.size(journal)).isEqualTo(last);
      assertThat(log.messages()).singleElement().asString()
          .startsWith("WARNING journal " + journal.toAbsolutePath())
          .contains("cut " + (damagedSize - last) + " bytes at offset " + last);

      store.append(put(5, "replacement")).toCompletableFuture().join();
    }

    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(dir)) {
      StoredState state = store.load();
      assertThat(state.index()).isEqualTo(5);
      assertThat(state.instances()).hasSize(5).contains(plain("replacement", 5));
      assertThat(log.messages()).isEmpty();
    }
  }

  @Test
  void zeroesAfterTheLastRecordAreCutAndEveryRecordIsKept() throws Exception {
    writeFiveRecords();
    Path journal = dir.resolve("journal.log");
    long end = Files.size(journal);
    // Some file systems show blocks allocated but never written as zeroes after a crash.
    Files.write(journal, new byte[4096], StandardOpenOption.APPEND);

    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load().instances()).hasSize(5);
      assertThat(Files.size(journal)).isEqualTo(end);
      assertThat(log.messages()).singleElement().asString()
          .startsWith("INFO journal " + journal.toAbsolutePath() + " was not closed by the last run")
          .contains("cut the 4096 zero bytes", "at offset " + end, "every record is kept");
    }
  }

  @Test
  void zeroesWithAnythingElseAfterThemAreDamageAndSaidToBe() throws Exception {
    writeFiveRecords();
    Path journal = dir.resolve("journal.log");
    long end = Files.size(journal);
    byte[] tail = new byte[4096];
    tail[3000] = 7;
    Files.write(journal, tail, StandardOpenOption.APPEND);

    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load().instances()).hasSize(5);
      assertThat(Files.size(journal)).isEqualTo(end);
      assertThat(log.messages()).singleElement().asString().startsWith("WARNING")
          .contains("cut 4096 bytes at offset " + end + " (a record has an empty payload)");
    }
  }

  @Test
  void aRecordThatPassesItsChecksumButCannotBeReadStopsTheStartAndCutsNothing() throws Exception {
    writeFiveRecords();
    Path journal = dir.resolve("journal.log");
    long third = StoreFixtures.recordOffsets(journal).get(2);
    // A well-framed record the codec refuses (as one written by a newer version could be).
    ByteBuffer unreadable =
        RecordFraming.frame("{\"op\":\"teleport\",\"index\":3}".getBytes(StandardCharsets.UTF_8));
    byte[] before = Files.readAllBytes(journal);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(before, 0, (int) third);
    out.write(unreadable.array(), unreadable.arrayOffset() + unreadable.position(), unreadable.remaining());
    out.write(before, (int) third, before.length - (int) third);
    byte[] damaged = out.toByteArray();
    Files.write(journal, damaged);

    assertThatThrownBy(() -> JournalStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("journal " + journal + ": the record at offset " + third
            + " passes its checksum but cannot be read (")
        .hasMessageEndingWith(") and 3 valid records follow it; nothing was cut. Was it written by a newer"
            + " Signpost? If not, start with --repair-journal to move it and everything after it to a side file,"
            + " keeping every record before it");
    assertThat(Files.readAllBytes(journal)).isEqualTo(damaged);
  }

  @Test
  void anEmptyDataDirLoadsEmptyAndCreatesTheJournal() {
    try (JournalStore store = JournalStore.open(dir.resolve("fresh/nested"))) {
      assertThat(store.load()).isEqualTo(new StoredState(0, List.of()));
    }
    assertThat(dir.resolve("fresh/nested/journal.log")).exists().isEmptyFile();
    assertThat(dir.resolve("fresh/nested/LOCK")).exists();
  }

  private void writeFiveRecords() {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      for (int i = 1; i <= 5; i++) {
        store.append(put(i, "i-" + i));
      }
    }
  }
}
