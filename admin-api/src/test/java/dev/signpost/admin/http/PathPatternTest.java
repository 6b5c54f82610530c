package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /v1/agent/service/{id}  | v1/agent/service/web-1  | id=web-1
      /v1/agent/service/{id}  | v1/agent/service        | no match
      /v1/agent/service/{id}  | v1/agent/service/a/b    | no match
      /v1/kv/{key...}         | v1/kv/config/web/port   | key=config/web/port
      /v1/kv/{key...}         | v1/kv/config            | key=config
      /v1/kv/{key...}         | v1/kv                   | key=
      /v1/kv/{key...}         | v1                      | no match
      /v1/kv/{key...}         | v1/kvx/a                | no match
      """)
  void aPatternMatchesItsSegmentsAndARestParameterTakesWhatFollows(String pattern, String path, String expected) {
    Optional<Map<String, String>> params = PathPattern.of(pattern).match(Arrays.asList(path.split("/")));

    if (expected.equals("no match")) {
      assertThat(params).isEmpty();
    } else {
      String[] nameValue = expected.split("=", -1);
      assertThat(params).contains(Map.of(nameValue[0], nameValue[1]));
    }
  }

  @Test
  void aRestParameterKeepsEmptySegmentsBetweenSlashes() {
    assertThat(PathPattern.of("/v1/kv/{key...}").match(List.of("v1", "kv", "", "a")))
        .contains(Map.of("key", "/a"));
  }
}
