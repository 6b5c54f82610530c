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
