package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class NamingSchemeTest {

  private final NamingScheme naming = new NamingScheme(ZoneConfig.parseDomain("service.local"));

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      service.local.                       | Apex[]
      SERVICE.Local.                       | Apex[]
      web.service.local.                   | Service[service=web, tags=[]]
      WEB.service.local.                   | Service[service=web, tags=[]]
      v1.web.service.local.                | Service[service=web, tags=[v1]]
      v2.primary.web.service.local.        | Service[service=web, tags=[v2, primary]]
      _web._tcp.service.local.             | RfcService[service=web, tags=[]]
      _web._udp.service.local.             | RfcService[service=web, tags=[]]
      _web._v1.service.local.              | RfcService[service=web, tags=[v1]]
      _tcp.service.local.                  | RfcParent[label=tcp]
      _v1.service.local.                   | RfcParent[label=v1]
      addr.service.local.                  | AddressParent[]
      0a000001.addr.service.local.         | Address[address=/10.0.0.1]
      0A000001.addr.service.local.         | Address[address=/10.0.0.1]
      20010db8000000000000000000000001.addr.service.local. | Address[address=/2001:db8:0:0:0:0:0:1]
      0a0000.addr.service.local.           | NoSuchName[]
      0a00000g.addr.service.local.         | NoSuchName[]
      x.0a000001.addr.service.local.       | NoSuchName[]
      _.service.local.                     | NoSuchName[]
      __tcp.service.local.                 | RfcParent[label=_tcp]
      example.org.                         | OutOfZone[]
      local.                               | OutOfZone[]
      """)
  void parsesEveryNameForm(String qname, String expected) throws Exception {
    assertThat(naming.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }

  @Test
  void addressNamesUseLowerCaseHexLikeConsul() throws Exception {
    assertThat(naming.addressName(InetAddress.getByName("10.0.0.1")))
        .isEqualTo(Name.fromString("0a000001.addr.service.local."));
    assertThat(naming.addressName(InetAddress.getByName("2001:db8::ff")).toString())
        .isEqualTo("20010db80000000000000000000000ff.addr.service.local.");
  }

  @Test
  void addressNamesRoundTripThroughTheParser() throws Exception {
    for (String ip : List.of("192.168.1.20", "::1", "fe80::1")) {
      InetAddress address = InetAddress.getByName(ip);
      assertThat(naming.parse(naming.addressName(address))).isEqualTo(new NameForm.Address(address));
    }
  }
}
