package dev.signpost.dns.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyTargetTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1                  | 192.0.2.1:53",
      "192.0.2.1:5300             | 192.0.2.1:5300",
      "2001:db8::1                | [2001:db8:0:0:0:0:0:1]:53",
      "[2001:db8::1]:5300         | [2001:db8:0:0:0:0:0:1]:5300",
      "192.0.2.1@xfr-key          | 192.0.2.1:53@xfr-key",
      "127.0.0.1:5300@Xfr.Key.    | 127.0.0.1:5300@Xfr.Key",
      "[::1]:5300@k               | [0:0:0:0:0:0:0:1]:5300@k",
      "::ffff:192.0.2.1           | 192.0.2.1:53"})
  void validTargetsParse(String value, String expected) {
    assertThat(NotifyTarget.parse(value)).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                      | it is empty",
      "secondary.example       | host names are not looked up",
      "192.0.2.1:0             | the port 0 is not between 1 and 65535",
      "192.0.2.1:99999         | the port 99999 is not between 1 and 65535",
      "192.0.2.1:x             | the port 'x' is not a number",
      "[2001:db8::1            | the '[' has no ']'",
      "[192.0.2.1]:53          | brackets are only for IPv6 addresses",
      "192.0.2.1@              | no key name after '@'",
      "192.0.2.1@a..b          | is not a key name"})
  void invalidTargetsAreRejectedNamingTheValueAndTheProblem(String value, String problem) {
    assertThatThrownBy(() -> NotifyTarget.parse(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'").hasMessageContaining(problem);
  }
}
