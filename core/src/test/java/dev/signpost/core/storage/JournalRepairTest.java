package dev.signpost.core.storage;

import static dev.signpost.core.storage.JournalCorruptionTest.DAMAGED;
import static dev.signpost.core.storage.JournalCorruptionTest.RECORDS;
import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.storage.JournalCorruptionTest.Damage;
import dev.signpost.core.storage.JournalCorruptionTest.Outcome;
import dev.signpost.core.storage.StoreFixtures.CapturedLog;
import dev.signpost.core.testing.ManualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --repair-journal}: damage is moved to a side file, never deleted, and the journal goes on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalRepairTest {

  private static final ManualTime TIME = new ManualTime(Instant.parse("2026-12-03T10:15:00Z"), 0);

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = Damage.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*_MID_FILE")
  void aRepairKeepsTheRecordsBeforeTheDamageAndMovesTheRestByteForByteToASideFile(Damage damage)
      throws Exception {
    assertThat(damage.outcome).isEqualTo(Outcome.REFUSED);
    Path journal = dir.resolve("journal.log");
    byte[][] records = JournalCorruptionTest.writeRecords(dir, RECORDS);
    long offset = JournalCorruptionTest.offsetOf(records, DAMAGED);
    damage.apply(records);
    byte[] damaged = JournalCorruptionTest.concat(records);
    Files.write(journal, damaged);

    Path side = dir.resolve("journal.log.corrupt-20261203T101500Z");
    try (CapturedLog log = new CapturedLog(JournalReader.class); JournalStore store = repair()) {
      assertThat(store.load().instances())
          .containsExactlyInAnyOrderElementsOf(JournalCorruptionTest.instances(DAMAGED));
      assertThat(log.messages()).singleElement().asString()
          .startsWith("WARNING journal " + journal.toAbsolutePath() + ": set aside " + (damaged.length - offset)
              + " bytes from offset " + offset + " (")
          .contains((RECORDS - DAMAGED - 1) + " valid-looking records after it) in " + side.toAbsolutePath())
          .endsWith("every record before it is kept");
      store.append(put(RECORDS + 1, "after-repair")).toCompletableFuture().join();
    }
    assertThat(Files.readAllBytes(side)).isEqualTo(Arrays.copyOfRange(damaged, (int) offset, damaged.length));

    // Healthy again: a plain start neither refuses nor cuts, and the write after the repair is there.
    try (CapturedLog log = new CapturedLog(JournalReader.class); JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load().instances()).hasSize(DAMAGED + 1).contains(plain("after-repair", RECORDS + 1));
      assertThat(log.messages()).isEmpty();
    }
    assertThat(Files.readAllBytes(side)).isEqualTo(Arrays.copyOfRange(damaged, (int) offset, damaged.length));
  }

  @Test
  void aRepairOfAHealthyJournalStartsNormallyAndSaysThereIsNothingToRepair() throws Exception {
    JournalCorruptionTest.writeRecords(dir, 5);
    byte[] before = Files.readAllBytes(dir.resolve("journal.log"));

    try (CapturedLog log = new CapturedLog(JournalReader.class); JournalStore store = repair()) {
      assertThat(store.load().instances()).hasSize(5);
      assertThat(log.messages()).containsExactly(
          "INFO journal " + dir.resolve("journal.log").toAbsolutePath() + ": nothing to repair; every record is kept");
    }
    assertThat(Files.readAllBytes(dir.resolve("journal.log"))).isEqualTo(before);
    assertThat(sideFiles()).isEmpty();
  }

  @Test
  void aRepairOfATornTailCutsItAsAPlainStartDoesAndKeepsNoSideFile() throws Exception {
    byte[][] records = JournalCorruptionTest.writeRecords(dir, RECORDS);
    Damage.TORN_TAIL.apply(records);
    Files.write(dir.resolve("journal.log"), JournalCorruptionTest.concat(records));

    try (CapturedLog log = new CapturedLog(JournalReader.class); JournalStore store = repair()) {
      assertThat(store.load().instances()).hasSize(RECORDS - 1);
      assertThat(log.messages()).hasSize(2).first().asString().startsWith("WARNING").contains("cut ");
    }
    assertThat(sideFiles()).isEmpty();
  }

  @Test
  void aSecondRepairWithinTheSameSecondNeverOverwritesTheFirstSideFile() throws Exception {
    for (int run = 1; run <= 2; run++) {
      Path journal = dir.resolve("journal.log");
      Files.deleteIfExists(journal);
      byte[][] records = JournalCorruptionTest.writeRecords(dir, RECORDS);
      Damage.BIT_FLIPPED_MID_FILE.apply(records);
      Files.write(journal, JournalCorruptionTest.concat(records));
      try (CapturedLog log = new CapturedLog(JournalReader.class); JournalStore store = repair()) {
        store.load();
      }
    }
    assertThat(sideFiles()).containsExactlyInAnyOrder("journal.log.corrupt-20261203T101500Z",
        "journal.log.corrupt-20261203T101500Z-2");
  }

  private JournalStore repair() {
    return JournalStore.open(dir, CompactionPolicy.DEFAULT_MAX_RECORDS, CompactionPolicy.DEFAULT_MAX_BYTES,
        RepairMode.SET_ASIDE, TIME);
  }

  private Stream<String> sideFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("corrupt")).toList().stream();
    }
  }
}
