package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServicePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service policies in the journal and in snapshots, and journals written before policies existed. */
class PolicyJournalTest {

  @TempDir
  Path dir;

  private static final ServicePolicy WEIGHTED = new ServicePolicy("weighted", OptionalLong.empty(), 0);
  private static final ServicePolicy LIMITED = new ServicePolicy("ip-hash", OptionalLong.of(30), 3);
  private static final ServicePolicy PASSIVE = new ServicePolicy("latency", OptionalLong.empty(), OptionalInt.empty(),
      Optional.of(new PassivePolicy(true, new BreakerSettings(3, 0, 10, Duration.ofMillis(1500), Duration.ofSeconds(2),
          Duration.ofMinutes(1), 2), 34)));
  private static final ServicePolicy PASSIVE_OFF = new ServicePolicy("round-robin", OptionalLong.empty(),
      OptionalInt.empty(), Optional.of(PassivePolicy.OFF));

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
  void passiveHealthSettingsRoundTripThroughTheJournalAndTheSnapshot() throws Exception {
    for (Change c : List.of(new Change.PutPolicy(4, "web", PASSIVE), new Change.PutPolicy(5, "db", PASSIVE_OFF))) {
      assertThat(JournalCodec.decodeChange(JournalCodec.encode(c))).isEqualTo(c);
    }
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.append(new Change.PutPolicy(1, "web", PASSIVE));
      store.compact(new StoredState(1, List.of(), Map.of("web", PASSIVE)));
      store.append(new Change.PutPolicy(2, "db", PASSIVE_OFF));
    }
    try (JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load().policies()).containsOnly(Map.entry("web", PASSIVE), Map.entry("db", PASSIVE_OFF));
    }
  }

  @Test
  void aPolicyWrittenBeforePassiveHealthLeavesItToTheGlobalSetting() throws Exception {
    byte[] old = ("{\"type\":\"policy\",\"index\":9,\"service\":\"web\",\"policy\":{\"strategy\":\"weighted\","
        + "\"ttl\":10,\"answerLimit\":3}}").getBytes(StandardCharsets.UTF_8);

    Change.PutPolicy put = (Change.PutPolicy) JournalCodec.decodeChange(old);

    assertThat(put.policy().passive()).isEmpty();
    assertThat(put.policy()).isEqualTo(new ServicePolicy("weighted", OptionalLong.of(10), 3));
  }

  @Test
  void invalidStoredPassiveSettingsAreCorruptData() {
    byte[] bad = ("{\"type\":\"policy\",\"index\":9,\"service\":\"web\",\"policy\":{\"strategy\":\"weighted\","
        + "\"passive\":{\"enabled\":true,\"consecutiveFailures\":5,\"failureRatePercent\":150,\"minimumCalls\":20,"
        + "\"window\":\"PT30S\",\"ejectionTime\":\"PT30S\",\"maxEjectionTime\":\"PT5M\",\"halfOpenSuccesses\":3,"
        + "\"maxEjectedPercent\":50}}}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JournalCodec.decodeChange(bad)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("FailureRatePercent must be between 0 and 100, got 150");
  }

  @Test
  void aSnapshotWrittenBeforePoliciesExistedHasNone() throws Exception {
    byte[] old = "{\"format\":1,\"index\":3,\"instances\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(JournalCodec.decodeSnapshot(old)).isEqualTo(new StoredState(3, List.of()));
  }
}
