package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The load an HTTP health endpoint reports in its JSON body. */
class LoadFieldTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
      {"connections": 17}                                   | 17
      {"status":"ok","activeConnections":4,"uptime":9}      | 4
        {"activeConnections" : 0}                           | 0
      {"connections": 12.7}                                 | 12
      {"db": {"connections": 99}, "connections": 3}         | 3
      {"db": {"connections": 99}}                           | none
      {"note": "connections: 5"}                            | none
      {"connections": "5"}                                  | none
      {"connections": -2}                                   | none
      [{"connections": 5}]                                  | none
      ok                                                    | none
      {"connections":                                       | none
      """)
  void aTopLevelNumericConnectionsFieldIsTheLoad(String body, Long expected) {
    assertThat(LoadField.find(body))
        .isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
  }
}
