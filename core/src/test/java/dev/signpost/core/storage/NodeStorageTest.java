package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** External catalog nodes and their services are kept with the registry: journaled, compacted, replayed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeStorageTest {

  @TempDir
  Path dir;

  @Test
  void nodeChangesReadBackAsWritten() throws Exception {
    CatalogNode db = new CatalogNode("db1", "40e4a748-2192-161a-0510-9bf59fe950b5", "10.0.0.5",
        Map.of("wan", "198.18.0.5"), Map.of("rack", "r1", "zone", "a"), 3, 4);

    assertThat(JournalCodec.decodeChange(JournalCodec.encode(new Change.PutNode(4, db))))
        .isEqualTo(new Change.PutNode(4, db));
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(new Change.RemoveNode(5, "db1"))))
        .isEqualTo(new Change.RemoveNode(5, "db1"));
  }

  @Test
  void aCatalogTransactionReadsBackAsWrittenInItsOrder() throws Exception {
    CatalogNode db = CatalogNode.of("db1", "10.0.0.9").withIndexes(3, 7);
    Change.CatalogTransaction registration = new Change.CatalogTransaction(7, List.of(new Change.PutNode(7, db),
        new Change.Put(7, external("pg-1", HealthStatus.WARNING, "lagging").withIndexes(5, 7)),
        new Change.Put(7, external("pg-2", HealthStatus.PASSING, "").withIndexes(7, 7))));
    Change.CatalogTransaction removal = new Change.CatalogTransaction(8, List.of(new Change.Remove(8, "pg-1"),
        new Change.Remove(8, "pg-2"), new Change.RemoveNode(8, "db1")));

    assertThat(JournalCodec.decodeChange(JournalCodec.encode(registration))).isEqualTo(registration);
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(removal))).isEqualTo(removal);
  }

  @Test
  void aCatalogTransactionWithAWriteOfAnotherKindOrIndexIsCorrupt() {
    byte[] unknown = "{\"type\":\"catalogTransaction\",\"index\":3,\"writes\":[{\"key\":\"a\"}]}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JournalCodec.decodeChange(unknown))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("'removeNode'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Change.CatalogTransaction(3,
        List.of(new Change.RemoveNode(4, "db1")))).hasMessageContaining("at its own index 3");
  }

  @Test
  void anExternalInstanceAndItsExternalCheckReadBackAsWritten() throws Exception {
    Instance pg = external("pg-1", HealthStatus.WARNING, "lagging").withIndexes(5, 6);

    Change.Put read = (Change.Put) JournalCodec.decodeChange(JournalCodec.encode(new Change.Put(6, pg)));

    assertThat(read.instance()).isEqualTo(pg);
    assertThat(read.instance().node()).isEqualTo("db1");
    assertThat(read.instance().checks().get(0).kind()).isEqualTo(CheckSpec.Kind.EXTERNAL);
    assertThat(read.instance().checkState("pg-alive")).contains(new CheckState(HealthStatus.WARNING, "lagging"));
  }

  @Test
  void aSnapshotWithoutNodesHasNoNodesFieldAndOneWithNodesReadsBack() throws Exception {
    StoredState plain = new StoredState(2, List.of(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));
    CatalogNode db = CatalogNode.of("db1", "db.example.com").withIndexes(3, 3);
    StoredState withNode = new StoredState(4, List.of(external("pg-1", HealthStatus.PASSING, "").withIndexes(4, 4)),
        Map.of(), dev.signpost.core.acl.AclState.EMPTY, List.of(db), List.of());

    assertThat(new String(JournalCodec.encode(plain), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("\"nodes\"");
    assertThat(JournalCodec.decodeSnapshot(JournalCodec.encode(withNode))).isEqualTo(withNode);
  }

  @ParameterizedTest(name = "compacting every {0} records")
  @ValueSource(longs = {CompactionPolicy.DEFAULT_MAX_RECORDS, 2})
  void nodesAndTheirServicesSurviveARestart(long compactEvery) {
    CatalogNode db1;
    Instance pg;
    try (ServiceDiscovery sd = open(compactEvery)) {
      db1 = join(sd.catalog().register(CatalogNode.of("db1", "10.0.0.5"), false));
      join(sd.catalog().register(CatalogNode.of("gone", "10.0.0.6"), false));
      pg = join(sd.register(external("pg-1", HealthStatus.CRITICAL, "down")));
      join(sd.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));
      join(sd.catalog().deregister("gone"));
    }

    try (ServiceDiscovery sd = open(compactEvery)) {
      assertThat(sd.nodes()).containsExactly(db1);
      assertThat(sd.instance("pg-1")).contains(pg);
      assertThat(sd.catalog().instancesOn("DB1")).containsExactly(pg);
      assertThat(sd.node("gone")).isEmpty();
      assertThat(sd.index()).isEqualTo(5);
    }
  }

  @ParameterizedTest(name = "compacting every {0} records")
  @ValueSource(longs = {CompactionPolicy.DEFAULT_MAX_RECORDS, 2})
  void registrationsAndRemovalsMadeAsOneChangeReplayAfterARestart(long compactEvery) {
    CatalogNode db1;
    Instance pg;
    long index;
    try (ServiceDiscovery sd = open(compactEvery)) {
      join(sd.catalog().register(CatalogNode.of("db1", "10.0.0.5"), false,
          Optional.of(external("pg-1", HealthStatus.PASSING, "")), List.of()));
      db1 = join(sd.catalog().register(CatalogNode.of("db1", "10.0.0.9"), false, Optional.empty(),
          List.of(new dev.signpost.core.NodeCatalog.ServiceCheck("pg-1", CheckSpec.external("pg-disk", "disk", "",
              null), new CheckState(HealthStatus.CRITICAL, "full")))));
      join(sd.catalog().register(CatalogNode.of("gone", "10.0.0.6"), false, Optional.of(
          new Instance("pg-2", ServiceName.of("pg"), "10.0.0.6", 5432, List.of(), Map.of(), null, null, List.of(),
              null, 0, 0, "gone")), List.of()));
      join(sd.catalog().deregister("gone"));
      pg = sd.instance("pg-1").orElseThrow();
      index = sd.index();
    }

    try (ServiceDiscovery sd = open(compactEvery)) {
      assertThat(sd.nodes()).containsExactly(db1);
      assertThat(sd.instance("pg-1")).contains(pg);
      assertThat(pg.address()).isEqualTo("10.0.0.9");
      assertThat(pg.checkState("pg-disk").map(s -> new CheckState(s.status(), s.output()))).contains(new CheckState(HealthStatus.CRITICAL, "full"));
      assertThat(pg.modifyIndex()).isEqualTo(db1.modifyIndex());
      assertThat(sd.instance("pg-2")).isEmpty();
      assertThat(sd.node("gone")).isEmpty();
      assertThat(index).isEqualTo(4);
      assertThat(sd.index()).isEqualTo(4);
    }
  }

  private ServiceDiscovery open(long compactEvery) {
    return ServiceDiscovery.open(JournalStore.open(dir, compactEvery, CompactionPolicy.DEFAULT_MAX_BYTES));
  }

  private static Instance external(String id, HealthStatus status, String output) {
    CheckSpec check = CheckSpec.external("pg-alive", "Postgres alive", "", status);
    return new Instance(id, ServiceName.of("pg"), "10.0.0.5", 5432, List.of("primary"), Map.of("v", "16"), null,
        null, List.of(check), new InstanceHealth(Map.of("pg-alive", new CheckState(status, output)), Optional.empty()),
        0, 0, "db1");
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
