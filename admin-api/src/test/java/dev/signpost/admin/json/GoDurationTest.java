package dev.signpost.admin.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "\"{0}\" is {1} ns")
  @CsvSource({
      "0, 0",
      "+0, 0",
      "-0, 0",
      "0s, 0",
      "10s, 10000000000",
      "500ms, 500000000",
      "1m30s, 90000000000",
      "1h, 3600000000000",
      "1.5s, 1500000000",
      "2h45m, 9900000000000",
      ".5s, 500000000",
      "1.s, 1000000000",
      "-1.5h, -5400000000000",
      "+5s, 5000000000",
      "100ns, 100",
      "3us, 3000",
      "3µs, 3000",
      "3μs, 3000",
      "1h1m1s1ms1us1ns, 3661001001001",
      "0.000000001s, 1",
      "0.0000000015s, 1",
      "1.0000000009s, 1000000000",
      "2562047h47m16.854775807s, 9223372036854775807",
  })
  void parsesGoDurations(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                         | it is empty
      10                         | missing unit
      1.5                        | missing unit
      10x                        | unknown unit "x"
      10S                        | unknown unit "S"
      1d                         | unknown unit "d"
      s                          | expected a number
      .s                         | expected a number
      -                          | no number after the sign
      1h-1m                      | unknown unit "h-"
      ' 1s'                      | expected a number
      2562047h47m16.854775808s   | out of range
      """)
  void refusesWhatGoRefuses(String text, String why) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration \"" + text + "\": ")
        .hasMessageContaining(why);
  }

  @ParameterizedTest(name = "{0} ns prints as \"{1}\"")
  @CsvSource({
      "0, 0s",
      "1, 1ns",
      "999, 999ns",
      "1000, 1µs",
      "1500, 1.5µs",
      "1000000, 1ms",
      "500000000, 500ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "90000000000, 1m30s",
      "3600000000000, 1h0m0s",
      "9900000000000, 2h45m0s",
      "3661001001001, 1h1m1.001001001s",
      "-1500000000, -1.5s",
      "-9223372036854775808, -2562047h47m16.854775808s",
      "9223372036854775807, 2562047h47m16.854775807s",
  })
  void formatsAsGoPrints(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"10s", "1m30s", "1h0m0s", "1.5µs", "250ms", "-3m0.5s"})
  void formatThenParseRoundTrips(String text) {
    assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(text);
  }
}
