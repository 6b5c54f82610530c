package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.Weights;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JournalCodecTest {

  @Test
  void aPutCarriesEveryFieldUnderItsOwnName() throws Exception {
    Change put = new Change.Put(7, StoreFixtures.everyField("web-1", 3, 7));

    byte[] json = JournalCodec.encode(put);

    assertThat(JournalCodec.decodeChange(json)).isEqualTo(put);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .startsWith("{\"type\":\"put\",\"index\":7,\"instance\":{\"id\":\"web-1\",\"service\":\"Web-Api\"")
        .contains("\"interval\":\"PT1.500000007S\"", "\"initialStatus\":\"warning\"", "\"status\":\"warning\"",
            "\"meta\":{\"zeta\":", "\"weights\":{\"passing\":10,\"warning\":3}", "\"createIndex\":3",
            "\"disableRedirects\":true")
        .doesNotContain("@class", "dev.signpost");
  }

  @Test
  void aCheckFromAJournalWrittenBeforeDisableRedirectsFollowsRedirects() throws Exception {
    CheckSpec following = new CheckSpec("h", "", "", "http://10.0.0.1/health", "", null, false, "", null,
        Duration.ofSeconds(10), null, null, 0, 0, 0, null);
    Change put = new Change.Put(1, StoreFixtures.plain("a", 1).withChecks(List.of(following)));

    byte[] json = JournalCodec.encode(put); // as before the field existed: it is written only when set

    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("disableRedirects");
    Change read = JournalCodec.decodeChange(json);
    assertThat(read).isEqualTo(put);
    assertThat(((Change.Put) read).instance().checks().get(0).disableRedirects()).isFalse();
  }

  @Test
  void aChecksSinceRoundTripsAndAStateWithoutOneReadsAsUnknown() throws Exception {
    CheckSpec ttl = CheckSpec.ttl("t", Duration.ofSeconds(30));
    Instance base = StoreFixtures.plain("a", 1).withChecks(List.of(ttl));
    Change stamped = new Change.Put(1, base.withCheckState("t",
        new CheckState(HealthStatus.CRITICAL, "down").changedAt(java.time.Instant.parse("2026-12-03T22:40:01Z"))));
    Change unknown = new Change.Put(1, base.withCheckState("t", new CheckState(HealthStatus.CRITICAL, "down")));

    assertThat(new String(JournalCodec.encode(stamped), StandardCharsets.UTF_8))
        .contains("\"since\":\"2026-12-03T22:40:01Z\"");
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(stamped))).isEqualTo(stamped);
    assertThat(new String(JournalCodec.encode(unknown), StandardCharsets.UTF_8)).doesNotContain("since");
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(unknown))).isEqualTo(unknown);
  }

  @Test
  void aPassiveChecksStateRoundTripsWithoutADefinitionInTheJournalAndTheSnapshot() throws Exception {
    Instance open = StoreFixtures.plain("a", 1).withChecks(List.of(CheckSpec.ttl("t", Duration.ofSeconds(30))))
        .withCheckState(PassiveCheck.id("a"), new CheckState(HealthStatus.CRITICAL, "open since 2026-12-04T03:40:00Z"
            + " after 5 consecutive failures, out for 30s").changedAt(java.time.Instant.parse("2026-12-04T03:40:00Z")));
    Change put = new Change.Put(1, open);

    assertThat(JournalCodec.decodeChange(JournalCodec.encode(put))).isEqualTo(put);
    StoredState state = new StoredState(1, List.of(open));
    assertThat(JournalCodec.decodeSnapshot(JournalCodec.encode(state))).isEqualTo(state);
    assertThat(open.checks()).hasSize(1);
    assertThat(open.status()).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void aRemoveIsItsIndexAndId() throws Exception {
    byte[] json = JournalCodec.encode(new Change.Remove(9, "web-1"));

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"remove\",\"index\":9,\"id\":\"web-1\"}");
    assertThat(JournalCodec.decodeChange(json)).isEqualTo(new Change.Remove(9, "web-1"));
  }

  @Test
  void aSnapshotRoundTrips() throws Exception {
    StoredState state =
        new StoredState(12, List.of(StoreFixtures.everyField("a", 1, 2), StoreFixtures.plain("b", 12)));

    assertThat(JournalCodec.decodeSnapshot(JournalCodec.encode(state))).isEqualTo(state);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"type":"rename","index":1}                    | unknown change type 'rename'
      {"index":1,"id":"a"}                           | field 'type' is missing or not a string
      {"type":"remove","index":"1","id":"a"}         | field 'index' is missing or not an integer
      {"type":"remove","index":1}                    | field 'id' is missing or not a string
      {"type":"remove","index":1,"id":"a"} trailing  | not valid JSON
      {"type":"remove","type":"put","index":1}       | not valid JSON
      [1,2]                                          | not a JSON object
      {"type":"put","index":1,"instance":{}}         | field 'tags' is missing or not an array
      """)
  void malformedChangesAreRejectedWithTheReason(String json, String reason) {
    assertThatThrownBy(() -> JournalCodec.decodeChange(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void anInstanceTheCoreWouldRejectIsCorruptNotAnException() throws Exception {
    String json = new String(JournalCodec.encode(new Change.Put(1, StoreFixtures.plain("a", 1))),
        StandardCharsets.UTF_8).replace("\"port\":80", "\"port\":70000");

    assertThatThrownBy(() -> JournalCodec.decodeChange(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("instance is not valid: Port must be between 0 and 65535, got 70000");
  }

  @Test
  void aSnapshotIsReadWhateverTheOrderOfItsFields() throws Exception {
    String json = "{\"policies\":{},\"instances\":[" + instanceJson(StoreFixtures.plain("b", 3))
        + "],\"unknown\":[1,{\"x\":2}],\"index\":3,\"format\":1}";

    assertThat(JournalCodec.decodeSnapshot(json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new StoredState(3, List.of(StoreFixtures.plain("b", 3))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"index":1,"instances":[]}                              | field 'format' is missing or not a 32-bit integer
      {"format":2,"index":1,"instances":[{"bad":1}]}          | snapshot format 2 is not supported (expected 1)
      {"format":"1","index":1,"instances":[]}                 | field 'format' is missing or not a 32-bit integer
      {"format":1,"instances":[]}                             | field 'index' is missing or not an integer
      {"format":1,"index":-1,"instances":[]}                  | index must not be negative
      {"format":1,"index":1}                                  | field 'instances' is missing or not an array
      {"format":1,"index":1,"instances":{}}                   | field 'instances' is missing or not an array
      {"format":1,"index":1,"instances":[1]}                  | an instance must be an object
      {"format":1,"index":1,"instances":[{}]}                 | field 'tags' is missing or not an array
      {"format":1,"index":1,"instances":[],"policies":[]}     | field 'policies' is missing or not an object
      {"format":1,"index":1,"instances":[]} trailing          | not valid JSON
      {"format":1,"index":1,"instances":[],"index":2}         | not valid JSON
      {"format":1,"index":1,"instances":[                     | not valid JSON
      [1,2]                                                   | not a JSON object
      """)
  void malformedSnapshotsAreRejectedWithTheReason(String json, String reason) {
    assertThatThrownBy(() -> JournalCodec.decodeSnapshot(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      "port":"80"          | field 'port' is missing or not a 32-bit integer
      "port":8000000000    | field 'port' is missing or not a 32-bit integer
      "id":7               | field 'id' is missing or not a string
      "tags":["a",1]       | a tag must be a string, got NUMBER
      "meta":{"k":null}    | meta value 'k' must be a string, got NULL
      "weights":{}         | field 'passing' is missing or not a 32-bit integer
      "locality":[]        | field 'locality' is missing or not an object
      "createIndex":1.5    | field 'createIndex' is missing or not an integer
      """)
  void aStreamedInstanceIsCheckedAsStrictlyAsATree(String field, String reason) throws Exception {
    String name = field.substring(0, field.indexOf(':'));
    String json = instanceJson(StoreFixtures.plain("a", 1)).replaceFirst(name + ":(\\[[^]]*]|\\{[^}]*}|[^,}]*)", field);
    String snapshot = "{\"format\":1,\"index\":1,\"instances\":[" + json + "]}";

    assertThat(json).contains(field);
    assertThatThrownBy(() -> JournalCodec.decodeSnapshot(snapshot.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith(reason);
    assertThatThrownBy(() -> InstanceCodec.decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void instancesOfOneServiceShareOneServiceNameAndTheDefaults() throws Exception {
    StoredState state = JournalCodec.decodeSnapshot(JournalCodec.encode(new StoredState(2,
        List.of(StoreFixtures.plain("a", 1), StoreFixtures.plain("b", 2)))));

    Instance a = state.instances().get(0);
    Instance b = state.instances().get(1);
    assertThat(a.service()).isSameAs(b.service());
    assertThat(a.weights()).isSameAs(Weights.DEFAULT);
    assertThat(a.locality()).isSameAs(Locality.NONE);
    assertThat(a.health()).isSameAs(InstanceHealth.NONE);
  }

  @Test
  void aRecordFromBeforeCheckStatesStartsEachCheckFromTheInstancesStatus() throws Exception {
    Instance checked = StoreFixtures.plain("a", 1).withChecks(List.of(CheckSpec.ttl("a-ttl", Duration.ofSeconds(30))));
    String json = new String(JournalCodec.encode(new Change.Put(1, checked)), StandardCharsets.UTF_8)
        .replaceFirst("\"checkStates\":\\{\"a-ttl\":\\{[^}]*}}", "\"status\":\"warning\"");

    assertThat(json).contains("\"status\":\"warning\"").doesNotContain("checkStates");
    Instance decoded = ((Change.Put) JournalCodec.decodeChange(json.getBytes(StandardCharsets.UTF_8))).instance();
    assertThat(decoded.checkState("a-ttl")).contains(new CheckState(HealthStatus.WARNING, ""));
  }

  @Test
  void anInstanceStoredInMaintenanceBeforeCheckStatesIsStillInMaintenance() throws Exception {
    Instance checked = StoreFixtures.plain("a", 1).withChecks(List.of(CheckSpec.ttl("a-ttl", Duration.ofSeconds(30))));
    String put = new String(JournalCodec.encode(new Change.Put(1, checked)), StandardCharsets.UTF_8)
        .replaceFirst("\"checkStates\":\\{\"a-ttl\":\\{[^}]*}}", "\"status\":\"maintenance\"");
    assertThat(put).contains("\"status\":\"maintenance\"").doesNotContain("checkStates");

    Instance fromJournal = ((Change.Put) JournalCodec.decodeChange(put.getBytes(StandardCharsets.UTF_8))).instance();
    String snapshot = "{\"format\":1,\"index\":1,\"instances\":["
        + put.substring(put.indexOf("\"instance\":") + "\"instance\":".length(), put.length() - 1) + "]}";
    Instance fromSnapshot =
        JournalCodec.decodeSnapshot(snapshot.getBytes(StandardCharsets.UTF_8)).instances().get(0);

    for (Instance decoded : List.of(fromJournal, fromSnapshot)) {
      assertThat(decoded.status()).isEqualTo(HealthStatus.MAINTENANCE);
      assertThat(decoded.health().maintenance()).contains(InstanceHealth.DEFAULT_MAINTENANCE_REASON);
    }
  }

  @Test
  void aCutCheckOutputAndAVeryLongCheckIdReadBackEqual() throws Exception {
    String longId = "c".repeat(60_000);
    Instance i = StoreFixtures.plain("a", 1)
        .withChecks(List.of(CheckSpec.ttl(longId, Duration.ofSeconds(30))))
        .withHealth(new InstanceHealth(java.util.Map.of(longId, new CheckState(HealthStatus.CRITICAL,
            "y".repeat(10_000))), java.util.Optional.empty()));
    assertThat(i.checkState(longId).orElseThrow().output()).hasSize(CheckState.MAX_OUTPUT);

    Change put = new Change.Put(1, i);
    assertThat(JournalCodec.decodeChange(JournalCodec.encode(put))).isEqualTo(put);
    StoredState state = new StoredState(1, List.of(i));
    assertThat(JournalCodec.decodeSnapshot(JournalCodec.encode(state))).isEqualTo(state);
  }

  private static String instanceJson(Instance i) {
    String put = new String(JournalCodec.encode(new Change.Put(i.modifyIndex(), i)), StandardCharsets.UTF_8);
    return put.substring(put.indexOf("\"instance\":") + "\"instance\":".length(), put.length() - 1);
  }
}
