package dev.signpost.admin.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's literal rules the filter follows: strconv.ParseInt(s, 0, 64), ParseBool, and RE2 syntax. */
class GoLiteralsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(textBlock = """
      0,        0
      8080,     8080
      -12,      -12
      +7,       7
      0x1F90,   8080
      0X1f90,   8080
      0o17,     15
      017,      15
      0b101,    5
      1_000,    1000
      0x_1F,    31
      9223372036854775807, 9223372036854775807
      """)
  void integerLiteralsParseAsGoParsesThem(String text, long value) {
    assertThat(GoValues.parseInt(text)).isEqualTo(OptionalLong.of(value));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(textBlock = """
      abc
      1.5
      08
      0x
      1__0
      _1
      1_
      --1
      9223372036854775808
      ''
      """)
  void notAnIntegerInGo(String text) {
    assertThat(GoValues.parseInt(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(textBlock = """
      true, true
      True, true
      TRUE, true
      t,    true
      1,    true
      false, false
      F,    false
      0,    false
      """)
  void booleansAreGoParseBools(String text, boolean value) {
    assertThat(GoValues.parseBool(text)).isEqualTo(value);
    assertThat(GoValues.parseBool("yes")).isNull();
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ^web-[12]$           | web-1   | true
      web                  | a-web-b | true
      [[:digit:]]+         | v12     | true
      ^[[:^digit:]]+$      | v12     | false
      [[:alpha:]_]+        | 12_     | true
      (?P<n>a)b            | ab      | true
      (?<n>a)b             | ab      | true
      []a]                 | ]       | true
      [^]a]                | b       | true
      [a[]                 | [       | true
      [a&&b]               | &       | true
      (?i)WEB              | web     | true
      (?i:W)eb             | web     | true
      \\.                  | a.b     | true
      a{2}                 | aa      | true
      x}+                  | x}}     | true
      """)
  void goPatternsMeanTheSameInJava(String pattern, String input, boolean found) {
    assertThat(GoRegex.compile(pattern).matcher(input).find()).isEqualTo(found);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      (a)\\1     | backreferences (\\1) are not supported
      (?=a)      | lookaround assertions are not supported
      (?!a)      | lookaround assertions are not supported
      (?<=a)b    | lookaround assertions are not supported
      (?<!a)b    | lookaround assertions are not supported
      (?>a)      | atomic groups are not supported
      a++        | invalid nested repetition operator: ++
      a{2}+      | invalid nested repetition operator: }+
      (?U)a*     | the U flag is not supported
      [[:nope:]] | invalid character class range [:nope:]]
      [a         | missing closing ]
      a\\        | trailing backslash at end of expression
      """)
  void whatRe2RefusesIsRefused(String pattern, String message) {
    assertThatThrownBy(() -> GoRegex.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
