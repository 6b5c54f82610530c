package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one range matcher behind recursion access and client zones. */
class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.0/8           | 10.200.1.1         | true
      10.0.0.0/8           | ::ffff:10.200.1.1  | true
      10.0.0.0/8           | 11.0.0.1           | false
      ::ffff:10.0.0.0/104  | 10.1.2.3           | true
      2001:db8::/32        | 2001:db8:ffff::1   | true
      2001:db8::/32        | 10.0.0.1           | false
      192.0.2.7            | 192.0.2.7          | true
      192.0.2.7            | 192.0.2.8          | false
      0.0.0.0/0            | 203.0.113.9        | true
      """)
  void aRangeContainsTheAddressesUnderItsPrefix(String range, String address, boolean inside) throws Exception {
    assertThat(Cidr.parse(range).contains(InetAddress.getByName(address))).isEqualTo(inside);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.1/8     | true
      10.0.0.0/8     | false
      2001:db8::1/32 | true
      """)
  void hostBitsAreClearedAndReported(String range, boolean set) {
    Cidr cidr = Cidr.parse(range);
    assertThat(cidr.hostBitsSet()).isEqualTo(set);
    assertThat(cidr).isEqualTo(Cidr.parse(range.replace("10.0.0.1", "10.0.0.0").replace("db8::1", "db8::")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.0/33     | the prefix length 33 is above 32
      10.0.0.0/x      | the prefix length is not a number
      300.0.0.0/8     | not an IPv4 address (300 is above 255)
      example.com/8   | not an IP address (host names are not looked up)
      2001:db8::zz/32 | not an IPv6 address
      """)
  void aBadRangeSaysWhatIsWrong(String range, String message) {
    assertThatThrownBy(() -> Cidr.parse(range)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
