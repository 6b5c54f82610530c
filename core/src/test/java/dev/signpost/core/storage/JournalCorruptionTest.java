package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.storage.StoreFixtures.CapturedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13: one flipped bit in record 500 of 1,000 cut the 500 acknowledged records after it. Damage with
 * valid records after it now stops the start with the file untouched; only a torn tail is cut.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalCorruptionTest {

  static final int RECORDS = 40;
  static final int DAMAGED = 20;

  /** What start-up must do. */
  enum Outcome { CUT, KEPT, REFUSED }

  /** A damage done to a journal of {@link #RECORDS} records, and what start-up must do about it. */
  enum Damage {
    TORN_TAIL(Outcome.CUT, RECORDS - 1) {
      @Override
      void apply(byte[][] records) {
        records[RECORDS - 1] = java.util.Arrays.copyOf(records[RECORDS - 1], records[RECORDS - 1].length / 2);
      }
    },
    TORN_TAIL_BEFORE_ALLOCATED_ZEROES(Outcome.CUT, RECORDS - 1) {
      @Override
      void apply(byte[][] records) {
        byte[] last = records[RECORDS - 1];
        records[RECORDS - 1] = java.util.Arrays.copyOf(java.util.Arrays.copyOf(last, last.length / 2), 8192);
      }
    },
    ZERO_FILLED_TAIL(Outcome.KEPT, RECORDS) {
      @Override
      void apply(byte[][] records) {
        records[RECORDS - 1] = java.util.Arrays.copyOf(records[RECORDS - 1], records[RECORDS - 1].length + 8192);
      }
    },
    BIT_FLIPPED_IN_THE_LAST_RECORD(Outcome.CUT, RECORDS - 1) {
      @Override
      void apply(byte[][] records) {
        flip(records[RECORDS - 1], records[RECORDS - 1].length / 2, 0x01);
      }
    },
    BIT_FLIPPED_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        flip(records[DAMAGED], records[DAMAGED].length / 2, 0x01);
      }
    },
    CHECKSUM_BIT_FLIPPED_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        flip(records[DAMAGED], 6, 0x80);
      }
    },
    LENGTH_GROWN_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        flip(records[DAMAGED], 2, 0x01); // + 64 KiB: past the end of this small file
      }
    },
    LENGTH_SHRUNK_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        flip(records[DAMAGED], 3, 0x04);
      }
    },
    LENGTH_ZEROED_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        ByteBuffer.wrap(records[DAMAGED]).putInt(0, 0);
      }
    },
    LENGTH_IMPOSSIBLE_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        flip(records[DAMAGED], 0, 0x80);
      }
    },
    UNREADABLE_WITH_A_GOOD_CHECKSUM_MID_FILE(Outcome.REFUSED, DAMAGED) {
      @Override
      void apply(byte[][] records) {
        // A well-framed record the codec refuses, as one written by a newer version could be.
        ByteBuffer frame = RecordFraming.frame("{\"op\":\"teleport\",\"index\":21}".getBytes(StandardCharsets.UTF_8));
        records[DAMAGED] = frame.array();
      }
    };

    final Outcome outcome;
    /** The records start-up keeps; for a damage that is refused, the one damaged. */
    final int kept;

    Damage(Outcome outcome, int kept) {
      this.outcome = outcome;
      this.kept = kept;
    }

    abstract void apply(byte[][] records);

    static void flip(byte[] bytes, int at, int mask) {
      bytes[at] = (byte) (bytes[at] ^ mask);
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Damage.class)
  void onlyATornTailIsCutAndDamageWithValidRecordsAfterItStopsTheStartUntouched(Damage damage) throws Exception {
    Path journal = dir.resolve("journal.log");
    byte[][] records = writeRecords(dir, RECORDS);
    // Where the first record start-up does not keep begins: the same before and after the damage.
    long offset = offsetOf(records, damage.kept);
    damage.apply(records);
    byte[] damaged = concat(records);
    Files.write(journal, damaged);

    if (damage.outcome == Outcome.REFUSED) {
      assertThatThrownBy(() -> JournalStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("journal " + journal.toAbsolutePath() + ": the record at offset " + offset + " ")
          .hasMessageContaining((RECORDS - DAMAGED - 1) + " valid records")
          .hasMessageContaining("--repair-journal")
          .hasMessageNotContaining("\n");
      assertThat(Files.readAllBytes(journal)).isEqualTo(damaged);
      return;
    }
    try (CapturedLog log = new CapturedLog(JournalReader.class);
        JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load().instances()).containsExactlyInAnyOrderElementsOf(instances(damage.kept));
      assertThat(Files.size(journal)).isEqualTo(offset);
      assertThat(log.messages()).singleElement().asString()
          .startsWith(damage.outcome == Outcome.CUT ? "WARNING" : "INFO")
          .contains("offset " + offset);
    }
  }

  @Test
  void issue13OneFlippedBitInRecord500Of1000NoLongerDeletesThe500RecordsAfterIt() throws Exception {
    Path journal = dir.resolve("journal.log");
    byte[][] records = writeRecords(dir, 1000);
    Damage.flip(records[499], records[499].length / 2, 0x10);
    byte[] damaged = concat(records);
    Files.write(journal, damaged);

    assertThatThrownBy(() -> JournalStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessage("journal " + journal.toAbsolutePath() + ": the record at offset " + offsetOf(records, 499)
            + " is damaged (a record fails its checksum) and 500 valid records follow it; nothing was cut. Start"
            + " with --repair-journal to move it and everything after it to a side file, keeping every record"
            + " before it");
    assertThat(Files.readAllBytes(journal)).isEqualTo(damaged);
  }

  /** Writes {@code n} records through the store and returns each one's bytes as it lies in the journal. */
  static byte[][] writeRecords(Path dir, int n) throws IOException {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      for (int i = 1; i <= n; i++) {
        store.append(put(i, "i-" + i));
      }
    }
    byte[] file = Files.readAllBytes(dir.resolve("journal.log"));
    List<Long> offsets = StoreFixtures.recordOffsets(dir.resolve("journal.log"));
    assertThat(offsets).hasSize(n);
    byte[][] records = new byte[n][];
    for (int i = 0; i < n; i++) {
      int from = offsets.get(i).intValue();
      int to = i + 1 < n ? offsets.get(i + 1).intValue() : file.length;
      records[i] = java.util.Arrays.copyOfRange(file, from, to);
    }
    return records;
  }

  static List<dev.signpost.core.Instance> instances(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> plain("i-" + i, i)).toList();
  }

  /** Where record {@code i} (from 0) starts. */
  static long offsetOf(byte[][] records, int i) {
    long at = 0;
    for (int k = 0; k < i; k++) {
      at += records[k].length;
    }
    return at;
  }

  static byte[] concat(byte[][] records) {
    byte[] out = new byte[(int) offsetOf(records, records.length)];
    int at = 0;
    for (byte[] r : records) {
      System.arraycopy(r, 0, out, at, r.length);
      at += r.length;
    }
    return out;
  }
}
