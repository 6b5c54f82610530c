package dev.signpost.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecursionPolicyTest {

  /** {@code ::ffff:a.b.c.d} as a dual-stack socket reports it (the JDK's parser would unmap it). */
  private static InetAddress address(String text) throws Exception {
    if (text.startsWith("mapped:")) {
      byte[] v4 = InetAddress.getByName(text.substring("mapped:".length())).getAddress();
      byte[] b = new byte[16];
      b[10] = (byte) 0xFF;
      b[11] = (byte) 0xFF;
      System.arraycopy(v4, 0, b, 12, 4);
      return Inet6Address.getByAddress(null, b, -1);
    }
    return InetAddress.getByName(text);
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.0/8            | 10.1.2.3           | true
      10.0.0.0/8            | 11.0.0.1           | false
      10.0.0.0/8            | mapped:10.9.9.9    | true
      10.0.0.0/8            | ::1                | false
      192.168.1.0/24        | 192.168.1.255      | true
      192.168.1.0/24        | 192.168.2.1        | false
      172.16.0.0/12         | 172.31.255.255     | true
      172.16.0.0/12         | 172.32.0.1         | false
      0.0.0.0/0             | 203.0.113.1        | true
      0.0.0.0/0             | 2001:db8::1        | false
      203.0.113.7           | 203.0.113.7        | true
      203.0.113.7           | 203.0.113.8        | false
      2001:db8::/32         | 2001:db8:ffff::1   | true
      2001:db8::/32         | 2001:db9::1        | false
      ::/0                  | 2001:db8::1        | true
      ::1                   | ::1                | true
      ::ffff:10.0.0.0/104   | 10.200.0.1         | true
      ::ffff:10.0.0.0/104   | mapped:10.200.0.1  | true
      ::ffff:10.0.0.0/104   | 11.0.0.1           | false
      """)
  void aRangeMatchesTheAddressesInsideIt(String cidr, String client, boolean allowed) throws Exception {
    assertThat(RecursionPolicy.parse(List.of(cidr)).allows(address(client))).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1            | true
      127.200.0.1          | true
      ::1                  | true
      10.255.255.255       | true
      172.16.0.1           | true
      172.32.0.1           | false
      192.168.50.5         | true
      mapped:192.168.1.1   | true
      fd12:3456::1         | true
      fc00::1              | true
      fe80::1              | false
      8.8.8.8              | false
      2001:db8::1          | false
      mapped:8.8.8.8       | false
      """)
  void theDefaultsAllowLoopbackAndThePrivateRangesOnly(String client, boolean allowed) throws Exception {
    assertThat(RecursionPolicy.defaults().allows(address(client))).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.0/33          | above 32
      2001:db8::/129       | above 128
      10.0.0.1/8           | bits set beyond the /8
      10.0.0.0/            | not a number
      10.0.0.0/x           | not a number
      10.0.0.0/8/8         | not a number
      example.com/8        | not an IP address
      ''                   | empty
      300.0.0.0/8          | above 255
      2001:db8::zz/32      | not an IPv6 address
      """)
  void aBadRangeIsRejectedWithAMessageNamingIt(String cidr, String reason) {
    assertThatThrownBy(() -> RecursionPolicy.parse(List.of("10.0.0.0/8", cidr)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + cidr + "'").hasMessageContaining(reason);
  }

  @org.junit.jupiter.api.Test
  void anEmptyListAllowsNobody() throws Exception {
    assertThat(RecursionPolicy.parse(List.of()).allows(InetAddress.getByName("127.0.0.1"))).isFalse();
  }
}
