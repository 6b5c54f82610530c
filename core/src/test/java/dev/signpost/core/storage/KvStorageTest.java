package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.KeyValueStore;
import dev.signpost.core.KvEntry;
import dev.signpost.core.KvOperation;
import dev.signpost.core.ServiceDiscovery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key/value store is kept with the registry: journaled, compacted into snapshots, replayed on start. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KvStorageTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "compacting every {0} records")
  @ValueSource(longs = {CompactionPolicy.DEFAULT_MAX_RECORDS, 2})
  void keysSurviveARestartWithTheirIndexesAfterDeletesTreesAndTransactions(long compactEvery) {
    List<KvEntry> before;
    long index;
    try (ServiceDiscovery sd = open(compactEvery)) {
      KeyValueStore kv = sd.kv();
      join(kv.put("config/a", bytes("1"), 7, OptionalLong.empty()));
      join(kv.put("config/b", new byte[] {0, (byte) 0xff, 10}, -1, OptionalLong.empty()));
      join(kv.put("gone/x", bytes("x"), 0, OptionalLong.empty()));
      join(kv.put("gone/y", bytes("y"), 0, OptionalLong.empty()));
      join(kv.put("single", bytes("s"), 0, OptionalLong.empty()));
      join(kv.deleteTree("gone/"));
      join(kv.delete("single", OptionalLong.empty()));
      join(kv.transaction(List.of(new KvOperation(KvOperation.Verb.SET, "txn/one", bytes("1"), 0, 0),
          new KvOperation(KvOperation.Verb.DELETE, "config/a", null, 0, 0))));
      join(kv.put("config/b", bytes("again"), 3, OptionalLong.of(kv.keyIndex("config/b"))));
      before = kv.list("");
      index = sd.index();
    }

    try (ServiceDiscovery sd = open(compactEvery)) {
      assertThat(sd.kv().list("")).containsExactlyElementsOf(before);
      assertThat(before).extracting(KvEntry::key).containsExactly("config/b", "txn/one");
      assertThat(before.get(0).createIndex()).isEqualTo(2);
      assertThat(before.get(0).flags()).isEqualTo(3);
      assertThat(sd.index()).isEqualTo(index);
      join(sd.kv().put("after", bytes("restart"), 0, OptionalLong.empty()));
      assertThat(sd.kv().get("after").orElseThrow().modifyIndex()).isEqualTo(index + 1);
    }
  }

  static Stream<Change> keyChanges() {
    KvEntry entry = new KvEntry("a/b", new byte[] {1, 2, 3}, Long.MIN_VALUE, 4, 9);
    return Stream.of(new Change.PutKey(9, entry), new Change.RemoveKey(10, "a/b"),
        new Change.RemoveKeyTree(11, "a/"), new Change.RemoveKeyTree(12, ""),
        new Change.KeyTransaction(13, List.of(new Change.PutKey(13, entry.withIndexes(4, 13)),
            new Change.RemoveKey(13, "c"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyChanges")
  void everyKeyChangeRoundTripsThroughTheJournalCodec(Change change) throws Exception {
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(change))).isEqualTo(change);
  }

  @Test
  void aSnapshotKeepsTheKeysAndOneWithoutThemReadsAsNone() throws Exception {
    KvEntry e = new KvEntry("k", bytes("v"), 1, 2, 3);
    StoredState state = new StoredState(5, List.of(), java.util.Map.of(), dev.signpost.core.acl.AclState.EMPTY,
        List.of(), List.of(e));

    assertThat(JournalCodec.decodeSnapshot(JournalCodec.encode(state))).isEqualTo(state);
    assertThat(JournalCodec.decodeSnapshot(bytes("{\"format\":1,\"index\":5,\"instances\":[],\"policies\":{}}"))
        .keys()).isEmpty();
  }

  @Test
  void aTransactionWriteThatIsNeitherASetNorADeleteIsCorrupt() {
    byte[] json = bytes("{\"type\":\"keyTransaction\",\"index\":3,\"writes\":[{\"key\":\"a\"}]}");

    assertThatThrownBy(() -> JournalCodec.decodeChange(json)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("'entry'");
  }

  private ServiceDiscovery open(long compactEvery) {
    return ServiceDiscovery.open(JournalStore.open(dir, compactEvery, CompactionPolicy.DEFAULT_MAX_BYTES));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
