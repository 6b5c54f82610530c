package dev.signpost.admin.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluator against go-bexpr's documented semantics, on a fixed set of three health entries shaped as
 * Consul's {@code /v1/health/service} returns them.
 */
class FilterTest {

  record Entry(@JsonProperty("Node") Node node, @JsonProperty("Service") Service service,
      @JsonProperty("Checks") List<Check> checks) {}

  record Node(@JsonProperty("Node") String node, @JsonProperty("Address") String address,
      @JsonProperty("Meta") Map<String, String> meta) {}

  record Service(@JsonProperty("ID") String id, @JsonProperty("Service") String service,
      @JsonProperty("Tags") List<String> tags, @JsonProperty("Meta") Map<String, String> meta,
      @JsonProperty("Port") int port, @JsonProperty("EnableTagOverride") boolean enableTagOverride,
      @JsonProperty("Weights") Weights weights,
      @JsonProperty("TaggedAddresses") Map<String, Address> taggedAddresses) {}

  record Weights(@JsonProperty("Passing") Integer passing, @JsonProperty("Warning") Integer warning) {}

  record Address(@JsonProperty("Address") String address, @JsonProperty("Port") int port) {}

  record Check(@JsonProperty("CheckID") String checkId, @JsonProperty("Status") String status,
      @JsonProperty("ServiceTags") List<String> serviceTags) {}

  private static final FieldType ENTRY = FieldType.ofRecord(Entry.class);

  /** web-3 leaves out or nulls what the others have: absent maps, lists and strings are empty. */
  private static final List<JsonNode> ENTRIES = List.of(json("""
      {"Node": {"Node": "node-a", "Address": "10.0.0.1", "Meta": {"env": "prod", "some-key": "x"}},
       "Service": {"ID": "web-1", "Service": "web", "Tags": ["primary", "v1"], "Meta": {"version": "2"},
                   "Port": 8080, "EnableTagOverride": false, "Weights": {"Passing": 10, "Warning": 1},
                   "TaggedAddresses": {"lan": {"Address": "10.0.0.1", "Port": 8080}}},
       "Checks": [{"CheckID": "serfHealth", "Status": "passing", "ServiceTags": []},
                  {"CheckID": "web-1-http", "Status": "passing", "ServiceTags": ["primary", "v1"]}]}"""), json("""
      {"Node": {"Node": "node-b", "Address": "10.0.0.2", "Meta": {"env": "staging"}},
       "Service": {"ID": "web-2", "Service": "web", "Tags": ["secondary"], "Meta": {"version": "1"},
                   "Port": 8081, "EnableTagOverride": true, "Weights": {"Passing": 1, "Warning": 1}},
       "Checks": [{"CheckID": "serfHealth", "Status": "passing", "ServiceTags": []},
                  {"CheckID": "web-2-http", "Status": "critical", "ServiceTags": ["secondary"]}]}"""), json("""
      {"Node": {"Node": "db-node", "Meta": {}},
       "Service": {"ID": "web-3", "Service": "web", "Tags": null, "Meta": null, "Port": 9090,
                   "EnableTagOverride": false},
       "Checks": []}"""));

  @ParameterizedTest(name = "{0} keeps {1}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '~', textBlock = """
      Service.Meta.version == "2"                                  => web-1
      Service.Meta.version != "2"                                  => web-2 web-3
      Service.Meta["version"] == `1`                               => web-2
      Node.Meta["some-key"] == "x"                                 => web-1
      Node.Meta.env matches "^(prod|staging)$"                     => web-1 web-2
      Node.Meta.env not matches "prod"                             => web-2 web-3
      Node.Meta.env is empty                                       => web-3
      "primary" in Service.Tags                                    => web-1
      primary in Service.Tags                                      => web-1
      "primary" not in Service.Tags                                => web-2 web-3
      Service.Tags contains "v1"                                   => web-1
      Service.Tags not contains primary                            => web-2 web-3
      Service.Tags is empty                                        => web-3
      Service.Tags is not empty                                    => web-1 web-2
      Service.Meta is empty                                        => web-3
      version in Service.Meta                                      => web-1 web-2
      "version" not in Service.Meta                                => web-3
      Service.Port == 8080                                         => web-1
      Service.Port == "8080"                                       => web-1
      Service.Port == "0x1F90"                                     => web-1
      Service.Port == "8_080"                                      => web-1
      Service.Port != 8080                                         => web-2 web-3
      Service.EnableTagOverride == true                            => web-2
      Service.EnableTagOverride == F                               => web-1 web-3
      Service.Weights.Passing == 10                                => web-1
      Service.Weights.Passing == 0                                 => web-3
      Service.TaggedAddresses.lan.Address == "10.0.0.1"            => web-1
      Service.TaggedAddresses.lan.Port != 8080                     => web-2 web-3
      lan in Service.TaggedAddresses                               => web-1
      Service.ID matches "^web-[12]$"                              => web-1 web-2
      Service.ID matches "^WEB"                                    => ~~
      Service.ID matches "(?i)^WEB-1"                              => web-1
      Service.ID matches `^web-[[:digit:]]$`                       => web-1 web-2 web-3
      Service.ID not matches "2"                                   => web-1 web-3
      Service.ID contains "-3"                                     => web-3
      "eb-" in Service.ID                                          => web-1 web-2 web-3
      Service.ID == "web\\x2d1"                                    => web-1
      Service.ID == "web\\u002d2"                                  => web-2
      Service.ID == "WEB-1"                                        => ~~
      Node.Address is empty                                        => web-3
      Node.Address is not empty                                    => web-1 web-2
      Checks.Status == critical                                    => web-2
      Checks.Status != passing                                     => web-2
      Checks.CheckID == serfHealth                                 => web-1 web-2
      "v1" in Checks.ServiceTags                                   => web-1
      Checks is empty                                              => web-3
      Node.Meta.env == prod or Node.Meta.env == staging            => web-1 web-2
      Node.Node matches "^node-" and not Service.Tags contains v1  => web-2
      not (Service.Port == 8080 or Service.Port == 8081)           => web-3
      Service.Port == 8080 or Service.Port == 8081 and Service.EnableTagOverride == false => web-1
      (Service.Port == 8080 or Service.Port == 8081) and Service.EnableTagOverride == true => web-2
      not not Service.Port == 8080                                 => web-1
      (((Service.Port == 9090)))                                   => web-3
      """)
  void keepsWhatGoBexprKeeps(String filter, String kept) {
    assertThat(ids(Filter.parse(filter, ENTRY))).isEqualTo(kept.isEmpty() ? List.of() : List.of(kept.split(" ")));
  }

  @Test
  void whitespaceIncludingNewlinesSeparatesTokens() {
    assertThat(ids(Filter.parse("Service.Port == 8080\n\tor\r\n Service.Port==8081", ENTRY)))
        .containsExactly("web-1", "web-2");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      Service.ID ==                  | 1:14: expected a value after "==", found the end of the filter
      Service.ID = "a"               | 1:12: unexpected character '=' (did you mean "=="?)
      Service.ID == "abc             | 1:15: unterminated string literal
      Service.ID == `abc             | 1:15: unterminated string literal
      (Service.ID == a               | 1:1: unmatched "("
      Service.ID == a)               | 1:16: unmatched ")"
      Service.ID a                   | 1:12: expected an operator (==, !=, contains, in, matches, is empty...) after selector "Service.ID", found "a"
      Service.Port == 80abc          | 1:17: invalid number literal "80abc"
      Service.Port == -              | 1:17: unexpected character '-' (a value with '-' in it must be quoted)
      Service.ID == web-1            | 1:18: unexpected character '-' (a value with '-' in it must be quoted)
      Service.Tags is full           | 1:17: expected "empty" after "is", found "full"
      Service.Tags not is empty      | 1:18: expected "in", "contains" or "matches" after "not", found "is"
      Service.Meta[version] == 1     | 1:14: expected a quoted map key after "[", found "version"
      Service.Meta["version" == 1    | 1:24: expected "]" after the map key, found "=="
      Service. ID == 1               | 1:10: expected a name after "." in a selector, found "ID"
      "a" == Service.ID              | 1:5: expected "in" or "not in" after the value "a", found "=="
      "a" in "b"                     | 1:8: expected a selector after "in", found a string
      Service.ID == "a" and          | 1:22: expected a selector or a value, found the end of the filter
      Service.ID == "a" b            | 1:19: expected "and", "or" or the end of the filter, found "b"
      Service.ID contains            | 1:20: expected a value after "contains", found the end of the filter
      Service.ID not matches ==      | 1:24: expected a value after "not matches", found "=="
      Service.ID == "\\q"            | 1:16: invalid escape sequence in string literal
      Service.ID == "\\x4"           | 1:16: invalid escape sequence in string literal
      Service.ID == "\\uD800"        | 1:16: invalid escape sequence in string literal
      Service.ID == "é" or           | 1:21: expected a selector or a value, found the end of the filter
      Service.ID == a && b           | 1:17: unexpected character '&'
      ~~                             | 1:1: expected a selector or a value, found the end of the filter
      Service.Foo == 1               | 1:1: Selector "Service.Foo" is not valid
      Foo == 1                       | 1:1: Selector "Foo" is not valid
      service.ID == 1                | 1:1: Selector "service" is not valid
      Service.Tags.x == 1            | 1:1: Selector "Service.Tags.x" is not valid
      "x" in Service.Port.y          | 1:8: Selector "Service.Port.y" is not valid
      Service.Tags == "a"            | 1:1: "==" does not apply to selector "Service.Tags", a list of strings (use in, not in, is empty, is not empty)
      Service.Port matches "1"       | 1:1: "matches" does not apply to selector "Service.Port", a number (use ==, !=)
      Service is empty               | 1:1: "is empty" does not apply to selector "Service", an object; select one of its fields
      Checks == "a"                  | 1:1: "==" does not apply to selector "Checks", a list (use is empty, is not empty)
      Service.Port == abc            | 1:17: value "abc" for selector "Service.Port" is not a whole number
      Service.Port == 1.5            | 1:17: value "1.5" for selector "Service.Port" is not a whole number
      Service.EnableTagOverride == yes | 1:30: value "yes" for selector "Service.EnableTagOverride" is not true or false
      Service.ID matches "(a"        | 1:20: invalid regular expression "(a": Unclosed group near index 2
      Service.ID matches "(?=a)"     | 1:20: invalid regular expression "(?=a)": lookaround assertions are not supported
      Service.ID matches "(a)\\\\1"  | 1:20: invalid regular expression "(a)\\1": backreferences (\\1) are not supported
      """)
  void malformedFilterIsRefusedAtItsPosition(String filter, String message) {
    String text = filter == null ? "" : filter;
    assertThatThrownBy(() -> Filter.parse(text, ENTRY)).isInstanceOf(FilterException.class).hasMessage(message);
  }

  @Test
  void errorOnALaterLineCountsLinesAndColumns() {
    assertThatThrownBy(() -> Filter.parse("Service.ID == a\n  and Service.Port ==", ENTRY))
        .hasMessage("2:22: expected a value after \"==\", found the end of the filter");
  }

  @Test
  void filterLongerThanTheBoundIsRefused() {
    String filter = "Service.ID == \"" + "a".repeat(Parser.MAX_LENGTH) + "\"";
    assertThatThrownBy(() -> Filter.parse(filter, ENTRY))
        .hasMessage("1:4097: the filter is " + filter.length() + " characters long; at most 4096 are allowed");
  }

  @Test
  void nestingDeeperThanTheBoundIsRefusedWhereItGoesTooDeep() {
    String deepest = "(".repeat(Parser.MAX_DEPTH) + "Service.Port == 1" + ")".repeat(Parser.MAX_DEPTH);
    assertThat(ids(Filter.parse(deepest, ENTRY))).isEmpty();
    String tooDeep = "not " + deepest;
    assertThatThrownBy(() -> Filter.parse(tooDeep, ENTRY))
        .hasMessage("1:36: the filter nests parentheses and \"not\" more than 32 levels deep");
  }

  @Test
  void longChainsOfAndAndOrAreWideNotDeep() {
    String chain = String.join(" or ", Collections.nCopies(150, "Service.Port == 1"))
        + " or Service.Port == 8081";
    assertThat(ids(Filter.parse(chain, ENTRY))).containsExactly("web-2");
  }

  @Test
  void runawayRegularExpressionFailsInsteadOfHoldingTheThread() {
    // Seconds of backtracking in java.util.regex without the budget; linear in RE2.
    JsonNode item = json("{\"Service\": {\"ID\": \"" + "a".repeat(30) + "!\"}}");
    Predicate<JsonNode> matcher = Filter.parse("Service.ID matches \"(.*a){12}$\"", ENTRY).matcher();
    assertThatThrownBy(() -> matcher.test(item)).isInstanceOf(FilterException.class)
        .hasMessageStartingWith("1:20: the regular expression takes too long to match");
  }

  @Test
  void recordWithAFieldTheFilterCannotReadIsRefusedWhenTheRoutesAreBuilt() {
    record Odd(@JsonProperty("When") java.time.Instant when) {}
    assertThatThrownBy(() -> FieldType.ofRecord(Odd.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has type java.time.Instant");
  }

  private static List<String> ids(Filter filter) {
    Predicate<JsonNode> matcher = filter.matcher();
    List<String> kept = new ArrayList<>();
    for (JsonNode entry : ENTRIES) {
      if (matcher.test(entry)) {
        kept.add(entry.get("Service").get("ID").asText());
      }
    }
    return kept;
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
