package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.ServicePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service policies in the journal and in snapshots, and journals written before policies existed. */
class PolicyJournalTest {

  @TempDir
  Path dir;

  private static final ServicePolicy WEIGHTED = new ServicePolicy("weighted", OptionalLong.empty(), 0);
  private static final ServicePolicy LIMITED = new ServicePolicy("ip-hash", OptionalLong.of(30), 3);

  @Test
  void policyChangesRoundTripThroughTheCodec() throws Exception {
    for (Change c : List.of(new Change.PutPolicy(4, "web", WEIGHTED), new Change.PutPolicy(5, "db", LIMITED),
        new Change.RemovePolicy(6, "web"))) {
      assertThat(JournalCodec.decodeChange(JournalCodec.encode(c))).isEqualTo(c);
    }
  }

  @Test
  void policiesReplayFromTheJournalAndTheSnapshot() {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.append(new Change.PutPolicy(1, "web", WEIGHTED));
      store.compact(new StoredState(1, List.of(), Map.of("web", WEIGHTED)));
      store.append(new Change.PutPolicy(2, "db", LIMITED));
      store.append(new Change.PutPolicy(3, "cache", LIMITED));
      store.append(new Change.RemovePolicy(4, "cache"));
    }
    try (JournalStore store = JournalStore.open(dir)) {
      StoredState state = store.load();
      assertThat(state.index()).isEqualTo(4);
      assertThat(state.policies()).containsOnly(Map.entry("web", WEIGHTED), Map.entry("db", LIMITED));
    }
  }

  @Test
  void aSnapshotWrittenBeforePoliciesExistedHasNone() throws Exception {
    byte[] old = "{\"format\":1,\"index\":3,\"instances\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(JournalCodec.decodeSnapshot(old)).isEqualTo(new StoredState(3, List.of()));
  }
}
