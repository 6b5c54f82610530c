package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
      0a000001-8080.addr.service.local.    | Address[address=/10.0.0.1]
      0a000001-0.addr.service.local.       | Address[address=/10.0.0.1]
      0a000001-65535.addr.service.local.   | Address[address=/10.0.0.1]
      20010db8000000000000000000000001-53.addr.service.local. | Address[address=/2001:db8:0:0:0:0:0:1]
      0a000001-65536.addr.service.local.   | NoSuchName[]
      0a000001-080.addr.service.local.     | NoSuchName[]
      0a000001-.addr.service.local.        | NoSuchName[]
      0a000001-80-1.addr.service.local.    | NoSuchName[]
      0a000001-8x.addr.service.local.      | NoSuchName[]
      _.service.local.                     | NoSuchName[]
      __tcp.service.local.                 | RfcParent[label=_tcp]
      example.org.                         | OutOfZone[]
      local.                               | ParentApex[]
      """)
  void parsesEveryNameForm(String qname, String expected) throws Exception {
    assertThat(naming.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }

  // ---- the domain's parent (Consul's forms) ----

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      consul.                                  | ParentApex[]
      CONSUL.                                  | ParentApex[]
      service.consul.                          | Apex[]
      web.service.consul.                      | Service[service=web, tags=[]]
      web.service.dc1.consul.                  | InDatacenter[form=Service[service=web, tags=[]]]
      WEB.Service.DC1.Consul.                  | InDatacenter[form=Service[service=web, tags=[]]]
      v1.web.service.dc1.consul.               | InDatacenter[form=Service[service=web, tags=[v1]]]
      v2.primary.web.service.dc1.consul.       | InDatacenter[form=Service[service=web, tags=[v2, primary]]]
      _web._tcp.service.dc1.consul.            | InDatacenter[form=RfcService[service=web, tags=[]]]
      _WEB._UDP.service.DC1.consul.            | InDatacenter[form=RfcService[service=web, tags=[]]]
      _web._v1.service.dc1.consul.             | InDatacenter[form=RfcService[service=web, tags=[v1]]]
      _tcp.service.dc1.consul.                 | InDatacenter[form=RfcParent[label=tcp]]
      web-1._web._tcp.service.dc1.consul.      | InDatacenter[form=DnsSdInstance[service=web, label=web-1]]
      0a000001-80.addr.service.dc1.consul.     | InDatacenter[form=Address[address=/10.0.0.1]]
      _.service.dc1.consul.                    | InDatacenter[form=NoSuchName[]]
      service.dc1.consul.                      | ParentNonTerminal[]
      dc1.consul.                              | ParentNonTerminal[]
      Dc1.CONSUL.                              | ParentNonTerminal[]
      node.consul.                             | ParentNonTerminal[]
      node.dc1.consul.                         | ParentNonTerminal[]
      host-1.node.consul.                      | Node[node=host-1]
      HOST-1.Node.Consul.                      | Node[node=host-1]
      host-1.node.dc1.consul.                  | Node[node=host-1]
      host-1.NODE.DC1.consul.                  | Node[node=host-1]
      x.host-1.node.consul.                    | ParentNoSuchName[]
      x.host-1.node.dc1.consul.                | ParentNoSuchName[]
      web.service.dc2.consul.                  | ParentNoSuchName[]
      _web._tcp.service.dc2.consul.            | ParentNoSuchName[]
      host-1.node.dc2.consul.                  | ParentNoSuchName[]
      dc2.consul.                              | ParentNoSuchName[]
      web.consul.                              | ParentNoSuchName[]
      xservice.consul.                         | ParentNoSuchName[]
      web.query.dc1.consul.                    | ParentNoSuchName[]
      addr.consul.                             | ParentNoSuchName[]
      xconsul.                                 | OutOfZone[]
      web.service.dc1.xconsul.                 | OutOfZone[]
      web.service.dc1.consul.example.org.      | OutOfZone[]
      """)
  void aDomainStartingWithServiceMakesItsParentsNamesOurs(String qname, String expected) throws Exception {
    NamingScheme consul = new NamingScheme(ZoneConfig.parseDomain("service.consul"), "dc1");
    assertThat(consul.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
    assertThat(consul.parent()).contains(Name.fromString("consul."));
  }

  @ParameterizedTest(name = "datacenter {0}: {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      DC-East   | web.service.dc-east.consul.   | InDatacenter[form=Service[service=web, tags=[]]]
      dc-east   | web.service.DC-EAST.consul.   | InDatacenter[form=Service[service=web, tags=[]]]
      dc-east   | web.service.dc1.consul.       | ParentNoSuchName[]
      dc-east   | h.node.dc-east.consul.        | Node[node=h]
      dc-east   | h.node.dc1.consul.            | ParentNoSuchName[]
      """)
  void theDatacenterFormAnswersForOurDatacenterInAnyCase(String datacenter, String qname, String expected)
      throws Exception {
    NamingScheme consul = new NamingScheme(ZoneConfig.parseDomain("service.consul"), datacenter);
    assertThat(consul.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "domain {0}: {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      signpost.consul       | consul.                       | OutOfZone[]
      signpost.consul       | web.service.dc1.consul.       | OutOfZone[]
      consul                | web.service.dc1.consul.       | Service[service=dc1, tags=[web, service]]
      service               | .                             | OutOfZone[]
      service               | web.service.dc1.              | OutOfZone[]
      service               | web.service.                  | Service[service=web, tags=[]]
      a.service.consul      | consul.                       | OutOfZone[]
      Service.Example.COM   | example.com.                  | ParentApex[]
      Service.Example.COM   | web.service.dc1.EXAMPLE.com.  | InDatacenter[form=Service[service=web, tags=[]]]
      """)
  void onlyADomainWhoseFirstLabelIsServiceHasAParentOfOurs(String domain, String qname, String expected)
      throws Exception {
    NamingScheme scheme = new NamingScheme(ZoneConfig.parseDomain(domain), "dc1");
    assertThat(scheme.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }

  @Test
  void addressNamesUseLowerCaseHexLikeConsul() throws Exception {
    assertThat(naming.addressName(InetAddress.getByName("10.0.0.1")))
        .isEqualTo(Name.fromString("0a000001.addr.service.local."));
    assertThat(naming.addressName(InetAddress.getByName("2001:db8::ff")).toString())
        .isEqualTo("20010db80000000000000000000000ff.addr.service.local.");
  }

  @Test
  void anInstancesTargetAddsItsPortSoEveryInstanceHasItsOwn() throws Exception {
    byte[] ip = InetAddress.getByName("10.0.0.1").getAddress();
    assertThat(naming.addressName(ip, 8080)).isEqualTo(Name.fromString("0a000001-8080.addr.service.local."));
    assertThat(naming.parse(naming.addressName(ip, 8081))).isEqualTo(naming.parse(naming.addressName(ip)));
  }

  @Test
  void addressNamesRoundTripThroughTheParser() throws Exception {
    for (String ip : List.of("192.168.1.20", "::1", "fe80::1")) {
      InetAddress address = InetAddress.getByName(ip);
      assertThat(naming.parse(naming.addressName(address))).isEqualTo(new NameForm.Address(address));
    }
  }

  // ---- DNS-SD ----

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      _services._dns-sd._udp.service.local.    | ServiceTypes[]
      _Services._DNS-SD._UDP.Service.Local.    | ServiceTypes[]
      _dns-sd._udp.service.local.              | ServiceTypesParent[]
      _dns-sd._tcp.service.local.              | RfcService[service=dns-sd, tags=[]]
      _services._dns-sd._tcp.service.local.    | DnsSdInstance[service=dns-sd, label=_services]
      web-1._web._tcp.service.local.           | DnsSdInstance[service=web, label=web-1]
      Web-1._WEB._UDP.service.local.           | DnsSdInstance[service=web, label=web-1]
      web\\.1\\032A._web._tcp.service.local.   | DnsSdInstance[service=web, label=web.1 a]
      back\\\\slash._web._tcp.service.local.   | DnsSdInstance[service=web, label=back\\slash]
      CAF\\195\\137._web._tcp.service.local.   | DnsSdInstance[service=web, label=cafÉ]
      \\255._web._tcp.service.local.           | NoSuchName[]
      x._web._v1.service.local.                | NoSuchName[]
      a.b._web._tcp.service.local.             | NoSuchName[]
      x._tcp.service.local.                    | NoSuchName[]
      _._tcp.service.local.                    | NoSuchName[]
      x._._tcp.service.local.                  | NoSuchName[]
      _services._dns-sd._udp.example.org.      | OutOfZone[]
      """)
  void parsesDnsSdNames(String qname, String expected) throws Exception {
    assertThat(naming.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web-1", "Web.1 A", "back\\slash", "café ☕", "a\"b;c(d)@$", "_services",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) // 63 bytes: still one label
  void instanceIdsThatFitOneLabelAreTheirOwnLabelAndRoundTrip(String id) {
    assertThat(InstanceLabels.labelFor(id)).isEqualTo(id);
    Name name = NamingScheme.instanceName(naming.serviceTypeName("web"), id).orElseThrow();
    assertThat(name.labels()).as("dots stay inside the label").isEqualTo(6);
    assertThat(naming.parse(name)).isEqualTo(new NameForm.DnsSdInstance("web", InstanceLabels.key(id)));
  }

  @Test
  void instanceNamesEscapeDotsAndSpacesInZoneFileText() {
    assertThat(NamingScheme.instanceName(naming.serviceTypeName("web"), "web.1 a\\b").orElseThrow().toString())
        .isEqualTo("web\\.1\\032a\\\\b._web._tcp.service.local.");
  }

  @Test
  void aDerivedLabelOfALongIdRoundTripsThroughTheParser() {
    String label = InstanceLabels.labelFor("Long-" + "x".repeat(250));
    Name name = NamingScheme.instanceName(naming.serviceTypeName("web"), label).orElseThrow();
    assertThat(naming.parse(name)).isEqualTo(new NameForm.DnsSdInstance("web", InstanceLabels.key(label)));
  }

  @Test
  void aLabelLongerThan63BytesIsRefusedAndAnOverlongNameIsEmpty() throws Exception {
    assertThatThrownBy(() -> NamingScheme.instanceName(naming.serviceTypeName("web"), "x".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    Name longDomain = Name.fromString(("y".repeat(60) + ".").repeat(3) + "local.");
    Name type = new NamingScheme(longDomain).serviceTypeName("web");
    assertThat(NamingScheme.instanceName(type, "x".repeat(63))).isEmpty();
    assertThat(NamingScheme.instanceName(type, "x")).isPresent();
  }

  @Test
  void dnsSdNamesAreBuiltUnderTheDomain() {
    assertThat(naming.serviceTypesName().toString()).isEqualTo("_services._dns-sd._udp.service.local.");
    assertThat(naming.serviceTypeName("web").toString()).isEqualTo("_web._tcp.service.local.");
    assertThat(naming.serviceName("web").toString()).isEqualTo("web.service.local.");
  }

  // ---- reverse names ----

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      1.0.0.10.in-addr.arpa.                   | ReverseAddress[address=/10.0.0.1]
      1.0.0.10.IN-ADDR.Arpa.                   | ReverseAddress[address=/10.0.0.1]
      0.0.0.0.in-addr.arpa.                    | ReverseAddress[address=/0.0.0.0]
      255.255.255.255.in-addr.arpa.            | ReverseAddress[address=/255.255.255.255]
      1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. | ReverseAddress[address=/2001:db8:0:0:0:0:0:1]
      1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.IP6.ARPA. | ReverseAddress[address=/2001:db8:0:0:0:0:0:1]
      0.0.10.in-addr.arpa.                     | OutOfZone[]
      x.1.0.0.10.in-addr.arpa.                 | OutOfZone[]
      01.0.0.10.in-addr.arpa.                  | OutOfZone[]
      256.0.0.10.in-addr.arpa.                 | OutOfZone[]
      -1.0.0.10.in-addr.arpa.                  | OutOfZone[]
      in-addr.arpa.                            | OutOfZone[]
      1.0.0.10.in-addr.arpa.example.org.       | OutOfZone[]
      0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.    | OutOfZone[]
      10.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. | OutOfZone[]
      g.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.  | OutOfZone[]
      1.0.0.0.0.0.a.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.  | OutOfZone[]
      """)
  void parsesReverseNames(String qname, String expected) throws Exception {
    assertThat(naming.parse(Name.fromString(qname)).toString()).isEqualTo(expected);
  }
}
