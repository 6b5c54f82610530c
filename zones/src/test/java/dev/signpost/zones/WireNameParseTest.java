package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/**
 * {@link NamingScheme#parse(QueryName)} reads every name from its wire bytes: the two forms nearly every query
 * asks ({@code <svc>.<domain>} and {@code _<svc>._tcp|_udp.<domain>}) straight from the bytes, the rest
 * through label text that must be what dnsjava prints for the label, lower-cased (the oracle below), so a
 * query that arrived as bytes and one parsed by dnsjava mean the same.
 */
class WireNameParseTest {

  private final NamingScheme naming = new NamingScheme(ZoneConfig.parseDomain("service.local"));

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      web.service.local.                   | Service[service=web, tags=[]]
      WEB.Service.LOCAL.                   | Service[service=web, tags=[]]
      wEb-1.sErViCe.lOcAl.                 | Service[service=web-1, tags=[]]
      user-service.service.local.          | Service[service=user-service, tags=[]]
      a.service.local.                     | Service[service=a, tags=[]]
      0.service.local.                     | Service[service=0, tags=[]]
      -.service.local.                     | Service[service=-, tags=[]]
      _web._tcp.service.local.             | RfcService[service=web, tags=[]]
      _web._udp.service.local.             | RfcService[service=web, tags=[]]
      _WEB._TCP.SERVICE.LOCAL.             | RfcService[service=web, tags=[]]
      _Web._Udp.Service.Local.             | RfcService[service=web, tags=[]]
      _user-service._tcp.service.local.    | RfcService[service=user-service, tags=[]]
      _addr._tcp.service.local.            | RfcService[service=addr, tags=[]]
      _dns-sd._tcp.service.local.          | RfcService[service=dns-sd, tags=[]]
      """)
  void commonNamesAreReadFromTheirBytes(String qname, String expected) throws Exception {
    Name name = Name.fromString(qname);
    assertThat(inPacket(naming, name)).hasToString(expected);
    assertThat(naming.parse(name)).hasToString(expected);
  }

  /** The name at its place in a query: after the 12-byte header, with the type, class and OPT after it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"web.service.local.", "_web._tcp.service.local.", "WEB.SERVICE.LOCAL."})
  void theNameIsReadBetweenItsOffsetsInsideALargerPacket(String qname) throws Exception {
    Name name = Name.fromString(qname);
    byte[] bytes = name.toWire();
    byte[] packet = new byte[12 + bytes.length + 4 + 11];
    java.util.Arrays.fill(packet, (byte) 'x');
    System.arraycopy(bytes, 0, packet, 12, bytes.length);
    assertThat(naming.parse(QueryName.inWire(packet, 12, 12 + bytes.length))).isEqualTo(naming.parse(name))
        .isNotInstanceOf(NameForm.OutOfZone.class);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      service.local.                          | Apex[]
      SERVICE.LOCAL.                          | Apex[]
      addr.service.local.                     | AddressParent[]
      ADDR.service.local.                     | AddressParent[]
      0a000001.addr.service.local.            | Address[address=/10.0.0.1]
      v1.web.service.local.                   | Service[service=web, tags=[v1]]
      v2.primary.web.service.local.           | Service[service=web, tags=[v2, primary]]
      _web._v1.service.local.                 | RfcService[service=web, tags=[v1]]
      _web._tcpx.service.local.               | RfcService[service=web, tags=[tcpx]]
      _web._tc.service.local.                 | RfcService[service=web, tags=[tc]]
      _web.__tcp.service.local.               | RfcService[service=web, tags=[_tcp]]
      _tcp.service.local.                     | RfcParent[label=tcp]
      _web.service.local.                     | RfcParent[label=web]
      _._tcp.service.local.                   | NoSuchName[]
      web._tcp.service.local.                 | NoSuchName[]
      x._web._tcp.service.local.              | DnsSdInstance[service=web, label=x]
      a.b._web._tcp.service.local.            | NoSuchName[]
      web-1._web._tcp.service.local.          | DnsSdInstance[service=web, label=web-1]
      _services._dns-sd._udp.service.local.   | ServiceTypes[]
      web_1.service.local.                    | Service[service=web_1, tags=[]]
      web\\.1.service.local.                  | Service[service=web\\.1, tags=[]]
      w\\195\\169b.service.local.             | Service[service=w\\195\\169b, tags=[]]
      web\\032.service.local.                 | Service[service=web\\032, tags=[]]
      _w*b._tcp.service.local.                | RfcService[service=w*b, tags=[]]
      _web_1._udp.service.local.              | RfcService[service=web_1, tags=[]]
      web.example.org.                        | OutOfZone[]
      web.service.local.example.org.          | OutOfZone[]
      xservice.local.                         | ParentNoSuchName[]
      web.xservice.local.                     | ParentNoSuchName[]
      _web._tcp.xservice.local.               | ParentNoSuchName[]
      web.servicexlocal.                      | OutOfZone[]
      local.                                  | ParentApex[]
      .                                       | OutOfZone[]
      1.0.0.10.in-addr.arpa.                  | ReverseAddress[address=/10.0.0.1]
      """)
  void everyOtherNameIsReadThroughItsLabels(String qname, String parsed) throws Exception {
    Name name = Name.fromString(qname);
    assertThat(naming.parse(name)).hasToString(parsed);
    assertThat(inPacket(naming, name)).hasToString(parsed);
  }

  /**
   * {@code _dns-sd._udp.<domain>} is DNS-SD's {@link NameForm.ServiceTypesParent}, not the RFC 2782 name of a
   * service. Regression: the bytes' reader once read it as {@code RfcService[service=dns-sd]}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"_dns-sd._udp.service.local.", "_DNS-SD._UDP.service.local."})
  void dnsSdServiceTypesParentIsNotAnRfcService(String qname) throws Exception {
    assertThat(naming.parse(Name.fromString(qname))).isEqualTo(new NameForm.ServiceTypesParent());
  }

  @ParameterizedTest(name = "domain {0}: {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      consul                   | web.consul.                         | Service[service=web, tags=[]]
      consul                   | _web._tcp.CONSUL.                   | RfcService[service=web, tags=[]]
      consul                   | consul.                             | Apex[]
      consul                   | web.xconsul.                        | OutOfZone[]
      consul                   | web.consul.local.                   | OutOfZone[]
      Signpost.Example.COM     | Web.signpost.example.com.           | Service[service=web, tags=[]]
      Signpost.Example.COM     | _web._udp.SIGNPOST.EXAMPLE.COM.     | RfcService[service=web, tags=[]]
      Signpost.Example.COM     | web.example.com.                    | OutOfZone[]
      Signpost.Example.COM     | web.xsignpost.example.com.          | OutOfZone[]
      Signpost.Example.COM     | v1.web.signpost.example.com.        | Service[service=web, tags=[v1]]
      a.b.c.d.e.f              | web.a.b.c.d.e.f.                    | Service[service=web, tags=[]]
      a.b.c.d.e.f              | web.b.c.d.e.f.                      | OutOfZone[]
      a.b.c.d.e.f              | _web._tcp.a.b.c.d.e.f.              | RfcService[service=web, tags=[]]
      """)
  void otherDomainsAreMatchedWholeAndWithoutCase(String domain, String qname, String expected) throws Exception {
    NamingScheme scheme = new NamingScheme(ZoneConfig.parseDomain(domain));
    Name name = Name.fromString(qname);
    assertThat(inPacket(scheme, name)).hasToString(expected);
  }

  /** The parent's names are read from the bytes too, wherever the name sits in the packet. */
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      local.                                | ParentApex[]
      web.service.dc1.local.                | InDatacenter[form=Service[service=web, tags=[]]]
      WEB.SERVICE.DC1.LOCAL.                | InDatacenter[form=Service[service=web, tags=[]]]
      _web._tcp.service.dc1.local.          | InDatacenter[form=RfcService[service=web, tags=[]]]
      _web._udp.Service.Dc1.Local.          | InDatacenter[form=RfcService[service=web, tags=[]]]
      v1.web.service.dc1.local.             | InDatacenter[form=Service[service=web, tags=[v1]]]
      _web._v1.service.dc1.local.           | InDatacenter[form=RfcService[service=web, tags=[v1]]]
      _dns-sd._udp.service.dc1.local.       | InDatacenter[form=ServiceTypesParent[]]
      host-1.node.local.                    | Node[node=host-1]
      Host-1.Node.DC1.Local.                | Node[node=host-1]
      h\\.1.node.local.                    | Node[node=h\\.1]
      web.service.dc2.local.                | ParentNoSuchName[]
      service.dc1.local.                    | ParentNonTerminal[]
      printer.local.                        | ParentNoSuchName[]
      """)
  void theParentsNamesAreReadFromTheirBytes(String qname, String expected) throws Exception {
    Name name = Name.fromString(qname);
    assertThat(inPacket(naming, name)).hasToString(expected);
    assertThat(naming.parse(name)).hasToString(expected);
  }

  /**
   * Every one- and two-label name under the domain built from a small alphabet of interesting bytes (case,
   * underscore, the protocol labels, bytes outside service keys): each label reads as dnsjava prints it.
   */
  @Test
  void onNamesBuiltFromAnAlphabetOfAwkwardLabelsLabelsReadAsDnsjavaPrintsThem() throws Exception {
    List<String> labels = List.of("web", "WEB", "Web-1", "a", "-", "_", "_web", "_WEB", "_tcp", "_udp", "_TCP",
        "_Udp", "_tc", "_tcpx", "__tcp", "addr", "Addr", "_addr", "_dns-sd", "_services", "web_1", "w\\.b",
        "w\\000b", "w\\255b", "\\065", "0a000001", "service", "local", "x".repeat(63), "w(b)", "a@b$", "q\\\"");
    int checked = 0;
    for (String first : labels) {
      checked += checkLabels(Name.fromString(first + ".service.local."));
      for (String second : labels) {
        checked += checkLabels(Name.fromString(first + "." + second + ".service.local."));
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  /** Random label bytes, random case, at an offset inside a packet: labels read as dnsjava prints them. */
  @Test
  void onRandomNamesLabelsReadAsDnsjavaPrintsThem() throws Exception {
    Random random = new Random(9779);
    byte[] alphabet = "aAzZ09-_.\\tcpudTCPUD\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int checked = 0;
    for (int n = 0; n < 20_000; n++) {
      int labelCount = 1 + random.nextInt(3);
      byte[][] labels = new byte[labelCount][];
      for (int l = 0; l < labelCount; l++) {
        labels[l] = new byte[1 + random.nextInt(6)];
        for (int i = 0; i < labels[l].length; i++) {
          labels[l][i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        }
        if (random.nextInt(4) == 0) {
          labels[l][0] = '_';
        }
      }
      byte[] bytes = wire(labels, Name.fromString(random.nextBoolean() ? "service.local." : "SERVICE.Local."));
      Name name = new Name(bytes);
      assertThat(inPacket(naming, name)).as(name.toString()).isEqualTo(naming.parse(name));
      checked += checkLabels(name);
    }
    assertThat(checked).isGreaterThan(5_000);
  }

  /**
   * The oracle: where a form carries labels as text (a service, its tags), each is the label as dnsjava prints
   * it, lower-cased. Returns 1 when the name had such a form.
   */
  private int checkLabels(Name name) {
    int relative = name.labels() - naming.domain().labels();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < relative; i++) {
      expected.add(name.getLabelString(i).toLowerCase(java.util.Locale.ROOT));
    }
    NameForm form = naming.parse(name);
    if (form instanceof NameForm.Service s) {
      List<String> read = new ArrayList<>(s.tags());
      read.add(s.service());
      assertThat(read).as(name.toString()).isEqualTo(expected);
      return 1;
    }
    if (form instanceof NameForm.RfcService r && relative == 2) {
      assertThat("_" + r.service()).as(name.toString()).isEqualTo(expected.get(0));
      assertThat(r.tags()).as(name.toString())
          .isEqualTo(List.of("_tcp", "_udp").contains(expected.get(1)) ? List.of() : List.of(expected.get(1).substring(1)));
      return 1;
    }
    return 0;
  }

  /** The form of the name read from its bytes at an offset inside a larger packet. */
  private static NameForm inPacket(NamingScheme scheme, Name name) {
    byte[] bytes = name.toWire();
    byte[] packet = new byte[12 + bytes.length + 4];
    System.arraycopy(bytes, 0, packet, 12, bytes.length);
    return scheme.parse(QueryName.inWire(packet, 12, 12 + bytes.length));
  }

  /** These labels, then the domain, in wire form. */
  private static byte[] wire(byte[][] labels, Name domain) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] label : labels) {
      out.write(label.length);
      out.writeBytes(label);
    }
    out.writeBytes(domain.toWire());
    return out.toByteArray();
  }
}
