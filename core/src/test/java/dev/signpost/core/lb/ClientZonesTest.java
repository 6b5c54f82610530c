package dev.signpost.core.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientZonesTest {

  private static final ClientZones ZONES = ClientZones.parse(List.of(
      "10.0.0.0/8=wide",
      "10.9.0.0/16=a",
      "10.9.3.0/24=c",
      "10.9.3.7=host",
      "2001:db8::/32=b",
      "2001:db8:1::/48=b1",
      "::ffff:192.168.0.0/112=mapped",
      " 172.16.0.0/12 = spaced "));

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  @ParameterizedTest(name = "{0} is in zone ''{1}''")
  @CsvSource({
      "10.1.2.3,         wide",
      "10.9.1.1,         a",
      "10.9.3.1,         c",
      "10.9.3.7,         host",
      "10.9.3.8,         c",
      "11.0.0.1,         ",
      "2001:db8:2::1,    b",
      "2001:db8:1::5,    b1",
      "2001:db9::1,      ",
      "::ffff:10.9.1.1,  a",
      "192.168.5.5,      mapped",
      "192.169.0.1,      ",
      "172.31.255.255,   spaced",
  })
  void theLongestMatchingPrefixNamesTheZone(String address, String zone) {
    assertThat(ZONES.zoneOf(ip(address))).isEqualTo(Optional.ofNullable(zone));
  }

  @Test
  void anIpv4MappedIpv6AddressMatchesIpv4Prefixes() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 9, 3, 1};
    InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(v6).isInstanceOf(Inet6Address.class);
    assertThat(ZONES.zoneOf(v6)).contains("c");
  }

  @Test
  void ipv4AndIpv6PrefixesAreKeptApart() {
    ClientZones zones = ClientZones.parse(List.of("0.0.0.0/0=v4", "::/0=v6"));

    assertThat(zones.zoneOf(ip("203.0.113.5"))).contains("v4");
    assertThat(zones.zoneOf(ip("2001:db8::5"))).contains("v6");
    assertThat(zones.zoneOf(ip("::1"))).contains("v6");
  }

  @Test
  void noSpecsMeansNoZones() {
    assertThat(ClientZones.parse(List.of())).isSameAs(ClientZones.NONE);
    assertThat(ClientZones.NONE.zoneOf(ip("10.9.1.1"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/8            | client zone '10.0.0.0/8' has no '='; use CIDR=ZONE",
      "10.0.0.0/8=           | client zone '10.0.0.0/8=' has an empty zone",
      "'10.0.0.0/8=  '       | client zone '10.0.0.0/8=  ' has an empty zone",
      "10.0.0/8=a            | client zone '10.0.0/8=a' has '10.0.0', which is not an IPv4 or IPv6 address",
      "web.example/8=a       | client zone 'web.example/8=a' has 'web.example', which is not an IPv4",
      "10.0.0.0/33=a         | client zone '10.0.0.0/33=a' has prefix /33; use 0 to 32 for IPv4",
      "10.0.0.0/-1=a         | client zone '10.0.0.0/-1=a' has prefix /-1; use 0 to 32 for IPv4",
      "2001:db8::/129=a      | client zone '2001:db8::/129=a' has prefix /129; use 0 to 128 for IPv6",
      "::ffff:10.0.0.0/90=a  | client zone '::ffff:10.0.0.0/90=a' has prefix /90; use 96 to 128 for an IPv4-mapped",
      "10.0.0.0/x=a          | client zone '10.0.0.0/x=a' has prefix '/x', which is not a number",
      "10.0.0.0/=a           | client zone '10.0.0.0/=a' has prefix '/', which is not a number",
  })
  void badSpecsAreRefusedNamingTheSpecAndTheProblem(String spec, String message) {
    assertThatThrownBy(() -> ClientZones.parse(List.of(spec)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void hostBitsAreMaskedSoTheSamePrefixCannotBeGivenTwice() {
    assertThat(ClientZones.parse(List.of("10.9.200.1/16=a")).zoneOf(ip("10.9.0.1"))).contains("a");

    assertThatThrownBy(() -> ClientZones.parse(List.of("10.9.0.0/16=a", "10.9.7.7/16=b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client zone '10.9.7.7/16=b' repeats the prefix of '10.9.0.0/16=a'; give each prefix once");
  }
}
