package dev.signpost.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      192.0.2.1              | 192.0.2.1   | 53
      192.0.2.1:5353         | 192.0.2.1   | 5353
      0.0.0.0:1              | 0.0.0.0     | 1
      [2001:db8::1]:5353     | 2001:db8::1 | 5353
      [2001:db8::1]          | 2001:db8::1 | 53
      2001:db8::1            | 2001:db8::1 | 53
      ::1                    | ::1         | 53
      192.0.2.1:65535        | 192.0.2.1   | 65535
      """)
  void aHostAndPortParse(String value, String host, int port) throws Exception {
    assertThat(Upstream.parse(value)).isEqualTo(new Upstream(InetAddress.getByName(host), port));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                 | empty
      dns.example        | not an IP address
      dns.example:53     | not an IP address
      192.0.2.1:         | not a number
      192.0.2.1:0        | not between 1 and 65535
      192.0.2.1:65536    | not between 1 and 65535
      192.0.2.1:dns      | not a number
      256.0.0.1          | above 255
      010.0.0.1          | not an IP address
      1.2.3              | not an IP address
      [2001:db8::1       | no ']'
      [2001:db8::1]5353  | expected ':PORT'
      [192.0.2.1]:53     | only for IPv6
      2001:db8::g        | not an IPv6 address
      fe80::1%eth0       | not an IPv6 address
      1:2:3:4:5:6:7:8:9  | not an IPv6 address
      """)
  void aBadValueIsRejectedWithAMessageNamingIt(String value, String reason) {
    assertThatThrownBy(() -> Upstream.parse(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'").hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      192.0.2.1:53     | 192.0.2.1:53
      [2001:db8::1]    | [2001:db8:0:0:0:0:0:1]:53
      """)
  void itPrintsAsItIsWritten(String value, String printed) {
    assertThat(Upstream.parse(value)).hasToString(printed);
  }
}
