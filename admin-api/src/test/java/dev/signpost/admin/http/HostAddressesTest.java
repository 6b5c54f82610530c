package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAddressesTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({
      "127.0.0.1, 127.0.0.1",
      "::1, ::1",
      "::, ::",
      "2001:db8:0:0:0:0:0:1, 2001:db8::1",
      "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "fe80:0:0:0:0:0:0:0, fe80::",
      "1:0:0:2:0:0:0:3, 1:0:0:2::3",
      "::ffff:10.0.0.1, 10.0.0.1",
  })
  void ipv6IsPrintedInItsShortForm(String literal, String text) throws UnknownHostException {
    assertThat(HostAddresses.text(InetAddress.getByName(literal))).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} port {1} is {2}")
  @CsvSource({"127.0.0.1, 8500, 127.0.0.1:8500", "::1, 8500, [::1]:8500"})
  void hostPortBracketsIpv6(String literal, int port, String text) throws UnknownHostException {
    assertThat(HostAddresses.hostPort(new InetSocketAddress(InetAddress.getByName(literal), port))).isEqualTo(text);
  }
}
