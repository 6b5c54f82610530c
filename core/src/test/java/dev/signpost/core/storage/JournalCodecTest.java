package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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
            "\"meta\":{\"zeta\":", "\"weights\":{\"passing\":10,\"warning\":3}", "\"createIndex\":3")
        .doesNotContain("@class", "dev.signpost");
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
}
