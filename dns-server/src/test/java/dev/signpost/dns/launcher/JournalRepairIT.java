package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.JournalStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 with the packaged jar: a flipped bit in record 500 of 1,000 stops the start (exit 2, one line
 * naming the journal and {@code --repair-journal}) instead of deleting the 500 records after it; with
 * {@code --repair-journal} the server starts with the 499 before it and keeps the rest in a side file.
 */
class JournalRepairIT {

  private static final int RECORDS = 1000;
  private static final int DAMAGED = 500;

  @TempDir
  Path dataDir;

  @Test
  void aFlippedBitMidJournalStopsTheStartAndRepairJournalStartsWithTheRecordsBeforeIt() throws Exception {
    seed();
    Path journal = dataDir.resolve("journal.log");
    byte[] bytes = Files.readAllBytes(journal);
    List<Integer> offsets = recordOffsets(bytes);
    assertThat(offsets).hasSize(RECORDS);
    int damaged = offsets.get(DAMAGED - 1);
    int length = ByteBuffer.wrap(bytes).getInt(damaged);
    bytes[damaged + 8 + length / 2] ^= 0x04;
    Files.write(journal, bytes);

    try (SignpostProcess refused = SignpostProcess.launch("--dns-port", "0", "--http-port", "0", "--data-dir",
        dataDir.toString())) {
      assertThat(refused.awaitExit()).isEqualTo(2);
      assertThat(refused.stderr().strip()).doesNotContain("\n")
          .startsWith("signpost: journal " + journal.toAbsolutePath())
          .contains("offset " + damaged, (RECORDS - DAMAGED) + " valid records follow it", "--repair-journal");
    }
    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);

    String log;
    try (SignpostProcess repaired = SignpostProcess.start(dataDir, "--repair-journal")) {
      String services = TestClients.http(repaired.api, "GET", "/v1/agent/services", null).body();
      assertThat(services).contains("\"web-1\"", "\"web-" + (DAMAGED - 1) + "\"")
          .doesNotContain("\"web-" + DAMAGED + "\"", "\"web-" + RECORDS + "\"");
      repaired.close();
      log = repaired.stderr();
    }
    assertThat(log).contains("WARNING", "set aside " + (bytes.length - damaged) + " bytes from offset " + damaged,
        "journal.log.corrupt-");
    try (Stream<Path> files = Files.list(dataDir)) {
      List<Path> side = files.filter(p -> p.getFileName().toString().startsWith("journal.log.corrupt-")).toList();
      assertThat(side).singleElement()
          .satisfies(p -> assertThat(Files.size(p)).isEqualTo(bytes.length - damaged));
    }
  }

  /** Writes the records as the server would have, through the store, before the jar ever runs. */
  private void seed() {
    try (JournalStore store = JournalStore.open(dataDir)) {
      store.load();
      for (int i = 1; i <= RECORDS; i++) {
        Instance instance = Instance.of("web-" + i, "web", "10.13." + (i / 250) + "." + (1 + i % 250), 80, List.of())
            .withIndexes(i, i);
        store.append(new Change.Put(i, instance));
      }
    }
  }

  /** Where each record starts, by its length header. */
  private static List<Integer> recordOffsets(byte[] journal) {
    ByteBuffer file = ByteBuffer.wrap(journal);
    List<Integer> offsets = new ArrayList<>();
    for (int at = 0; at + 8 <= journal.length; at += 8 + file.getInt(at)) {
      offsets.add(at);
    }
    return offsets;
  }
}
