package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A snapshot that does not read stops the start, with or without a repair: starting empty would lose it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SnapshotCorruptionTest {

  enum SnapshotDamage {
    EMPTIED(b -> new byte[0]),
    CUT_IN_HALF(b -> Arrays.copyOf(b, b.length / 2)),
    ZEROED_BLOCK(b -> {
      byte[] d = b.clone();
      Arrays.fill(d, d.length / 3, Math.min(d.length, d.length / 3 + 64), (byte) 0);
      return d;
    }),
    GARBAGE_APPENDED(b -> (new String(b, StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8));

    final UnaryOperator<byte[]> damage;

    SnapshotDamage(UnaryOperator<byte[]> damage) {
      this.damage = damage;
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(SnapshotDamage.class)
  void aCorruptSnapshotStopsTheStartNamingTheFileEvenWhenARepairIsAskedFor(SnapshotDamage damage)
      throws Exception {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.compact(new StoredState(3, List.of(plain("a", 1), plain("b", 2), plain("c", 3))));
    }
    Path snapshot = dir.resolve("snapshot.json");
    byte[] damaged = damage.damage.apply(Files.readAllBytes(snapshot));
    Files.write(snapshot, damaged);

    for (RepairMode mode : RepairMode.values()) {
      assertThatThrownBy(() -> JournalStore.open(dir, mode))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("snapshot " + snapshot.toAbsolutePath() + " is corrupt: ")
          .hasMessageEndingWith("; nothing was changed, and --repair-journal does not repair a snapshot: restore it"
              + " from a backup")
          .hasMessageNotContaining("\n");
      assertThat(Files.readAllBytes(snapshot)).isEqualTo(damaged);
    }
  }
}
