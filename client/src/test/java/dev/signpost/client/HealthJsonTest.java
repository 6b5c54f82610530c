package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the health API's answer. */
class HealthJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ServiceInstance> parse(String json) throws IOException {
    return HealthJson.parse(JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aConsulServiceEntryBecomesAnInstance() throws IOException {
    List<ServiceInstance> parsed = parse("""
        [{"Node": {"Node": "n1", "Address": "10.0.0.9", "Datacenter": "dc1"},
          "Service": {"ID": "web-1", "Service": "Web", "Tags": ["v1", "canary"], "Meta": {"version": "2"},
                      "Port": 8080, "Address": "10.0.0.1", "Weights": {"Passing": 10, "Warning": 1},
                      "Locality": {"Region": "eu", "Zone": "eu-1a"}, "Unknown": {"x": 1}},
          "Checks": [{"Status": "passing"}, {"Status": "passing"}]}]""");

    assertThat(parsed).containsExactly(new ServiceInstance("web-1", "Web", "10.0.0.1", 8080, List.of("v1", "canary"),
        Map.of("version", "2"), "eu-1a", 10, true));
    assertThat(parsed.get(0).serviceKey()).isEqualTo("web");
  }

  @ParameterizedTest(name = "checks {0} → passing={1}, weight {2}")
  @CsvSource(delimiter = '|', value = {
      "[]                                          | true  | 10",
      "[{\"Status\": \"passing\"}]                 | true  | 10",
      "[{\"Status\": \"passing\"}, {\"CheckID\": \"_signpost_passive:a\", \"Status\": \"warning\"}] | false | 1",
  })
  void anInstanceIsPassingWhenEveryCheckPassesAndWeighsAsItsState(String checks, boolean passing, int weight)
      throws IOException {
    ServiceInstance i = parse("""
        [{"Service": {"ID": "a", "Service": "web", "Port": 80, "Address": "10.0.0.1",
                      "Weights": {"Passing": 10, "Warning": 1}},
          "Checks": %s}]""".formatted(checks)).get(0);

    assertThat(i.passing()).isEqualTo(passing);
    assertThat(i.currentWeight()).isEqualTo(weight);
  }

  @ParameterizedTest(name = "checks {0} → left out")
  @ValueSource(strings = {
      "[{\"Status\": \"critical\"}]",
      "[{\"Status\": \"passing\"}, {\"CheckID\": \"disk\", \"Status\": \"warning\"}]",
      "[{\"CheckID\": \"_signpost_passive:a\", \"Status\": \"critical\"}]",
      "[{\"CheckID\": \"_signpost_passive:a\", \"Status\": \"warning\"}, {\"Status\": \"critical\"}]",
      "[{\"Status\": \"maintenance\"}]",
  })
  void anInstanceWithAFailingCheckOrAWarningOtherThanAHalfOpenBreakerIsLeftOutAsPassingWouldLeaveIt(String checks)
      throws IOException {
    assertThat(parse("""
        [{"Service": {"ID": "a", "Service": "web", "Port": 80, "Address": "10.0.0.1"}, "Checks": %s},
         {"Service": {"ID": "b", "Service": "web", "Port": 80, "Address": "10.0.0.2"}, "Checks": []}]"""
        .formatted(checks))).extracting(ServiceInstance::id).containsExactly("b");
  }

  @Test
  void withoutWeightsAnInstanceWeighsOne() throws IOException {
    assertThat(parse("[{\"Service\": {\"ID\": \"a\", \"Service\": \"web\", \"Port\": 80, \"Address\": \"h\"}}]")
        .get(0).currentWeight()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {}                                                  | the health API did not answer a JSON array
      [{"Node": {}}]                                      | [0].Service is missing
      [{"Service": {"Service": "web", "Port": 80, "Address": "h"}}] | [0].Service.ID is missing
      [{"Service": {"ID": "a", "Port": 80, "Address": "h"}}]        | [0].Service.Service is missing
      [{"Service": {"ID": "a", "Service": "web", "Address": "h"}}]  | [0].Service.Port is missing or not an integer
      [{"Service": {"ID": "a", "Service": "web", "Port": 80}}]      | [0]: instance 'a' has no address
      [{"Service": {"ID": "a", "Service": "web", "Port": 1e6, "Address": "h"}}] | [0]: Port of instance 'a' must be \
      between 0 and 65535, got 1000000
      """)
  void anAnswerMissingWhatTheClientNeedsIsRefusedNamingTheField(String json, String message) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(IOException.class).hasMessage(message);
  }
}
