package dev.signpost.zones;

import static dev.signpost.zones.ZoneFixture.lines;
import static dev.signpost.zones.ZoneFixture.sorted;
import static dev.signpost.zones.ZoneFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Client;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The zone of the domain's parent ({@code consul.} of {@code service.consul}, datacenter {@code dc1}): the
 * datacenter form answers as the domain's names, the node form from a {@link NodeTable}, the apex, and NXDOMAIN
 * with the parent's SOA for everything else.
 */
class ParentZoneTest {

  private static final String PARENT_SOA = "consul. 5 IN SOA 7f000001.addr.service.consul. hostmaster.consul. ";
  private static final String DOMAIN_SOA =
      "service.consul. 5 IN SOA 7f000001.addr.service.consul. hostmaster.service.consul. ";

  private ServiceDiscovery discovery;
  private RegistryZone zone;
  private NodeTable nodes;
  private NodeTable.Source nodeSource;
  private final Client client = new Client(InetAddress.getLoopbackAddress());

  @BeforeEach
  void setUp() throws Exception {
    discovery = ServiceDiscovery.builder().healthFilter(HealthFilter.DEFAULT).build();
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.consul"), 5,
        InetAddress.getByName("127.0.0.1"), "DC1"));
    ZoneView view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    nodes = new NodeTable();
    nodeSource = nodes.source();
    nodeSource.replace(Map.of(
        "Host-1", List.of(InetAddress.getByName("10.9.0.1"), InetAddress.getByName("2001:db8::9")),
        "v4only", List.of(InetAddress.getByName("10.9.0.2")),
        "v6only", List.of(InetAddress.getByName("2001:db8::10"))));
    zone = new RegistryZone(records, view, discovery, nodes);
    register(ZoneFixture.instance("web-1", "web", "10.0.0.1", 8080, List.of("v1"), "version", "1.0"));
    register(Instance.of("web-2", "web", "10.0.0.2", 8081, List.of()));
    register(Instance.of("web-3", "web", "2001:db8::3", 8082, List.of()));
    register(ZoneFixture.ttlChecked(Instance.of("down-1", "down", "10.0.0.9", 80, List.of())));
  }

  @AfterEach
  void tearDown() {
    discovery.close();
  }

  private void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  private LookupResult.Records ask(String qname, int type) throws Exception {
    return (LookupResult.Records) zone.lookup(Name.fromString(qname), type, client);
  }

  /** Answer records, all owned by the question, as zone-file lines without their owner: two owners' compare. */
  private static List<String> ownerless(List<Record> records) {
    return records.stream().map(r -> text(r).substring(r.getName().toString().length())).sorted().toList();
  }

  @ParameterizedTest(name = "{0} {1} answers as {2}")
  @CsvSource(delimiter = '|', textBlock = """
      web.service.dc1.consul.              | A    | web.service.consul.
      WEB.Service.DC1.Consul.              | AAAA | web.service.consul.
      web.service.dc1.consul.              | SRV  | web.service.consul.
      web.service.dc1.consul.              | ANY  | web.service.consul.
      web.service.dc1.consul.              | TXT  | web.service.consul.
      v1.web.service.dc1.consul.           | A    | v1.web.service.consul.
      v1.web.service.dc1.consul.           | SRV  | v1.web.service.consul.
      _web._tcp.service.dc1.consul.        | SRV  | _web._tcp.service.consul.
      _web._udp.service.dc1.consul.        | SRV  | _web._udp.service.consul.
      _web._v1.service.dc1.consul.         | SRV  | _web._v1.service.consul.
      _web._tcp.service.dc1.consul.        | A    | _web._tcp.service.consul.
      web-1._web._tcp.service.dc1.consul.  | TXT  | web-1._web._tcp.service.consul.
      0a000001-8080.addr.service.dc1.consul. | A  | 0a000001-8080.addr.service.consul.
      """)
  void theDatacenterFormAnswersAsTheNameWithoutIt(String withDc, String type, String without) throws Exception {
    LookupResult.Records dc = ask(withDc, Type.value(type));
    LookupResult.Records plain = ask(without, Type.value(type));
    assertThat(dc.rcode()).isEqualTo(plain.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ownerless(dc.answer())).isEqualTo(ownerless(plain.answer()));
    assertThat(sorted(dc.additional())).isEqualTo(sorted(plain.additional()));
    assertThat(dc.answer()).allSatisfy(r -> assertThat(r.getName().toString()).isEqualTo(withDc));
    if (plain.answer().isEmpty()) {
      assertThat(lines(dc.authority())).singleElement().asString().startsWith(PARENT_SOA);
    }
  }

  @Test
  void aDatacenterFormsSrvTargetsAreTheDomainsAddressNamesAndResolve() throws Exception {
    LookupResult.Records srv = ask("_web._tcp.service.dc1.consul.", Type.SRV);
    assertThat(srv.answer()).extracting(Record::rdataToString).containsExactlyInAnyOrder(
        "1 1 8080 0a000001-8080.addr.service.consul.", "1 1 8081 0a000002-8081.addr.service.consul.",
        "1 1 8082 20010db8000000000000000000000003-8082.addr.service.consul.");
    assertThat(lines(ask("0a000002-8081.addr.service.consul.", Type.A).answer()))
        .containsExactly("0a000002-8081.addr.service.consul. 5 IN A 10.0.0.2");
  }

  @ParameterizedTest(name = "{0} {1}: {2} with the parent's SOA")
  @CsvSource(delimiter = '|', textBlock = """
      nosuch.service.dc1.consul.        | A    | NXDOMAIN | 5
      v9.web.service.dc1.consul.        | A    | NXDOMAIN | 5
      _nosuch._tcp.service.dc1.consul.  | SRV  | NXDOMAIN | 5
      web.service.dc1.consul.           | TXT  | NOERROR  | 5
      _web._tcp.service.dc1.consul.     | TXT  | NOERROR  | 5
      down.service.dc1.consul.          | A    | NOERROR  | 1
      service.dc1.consul.               | A    | NOERROR  | 5
      service.dc1.consul.               | SOA  | NOERROR  | 5
      dc1.consul.                       | A    | NOERROR  | 5
      node.consul.                      | A    | NOERROR  | 5
      node.dc1.consul.                  | A    | NOERROR  | 5
      _tcp.service.dc1.consul.          | SRV  | NOERROR  | 5
      web.service.dc2.consul.           | A    | NXDOMAIN | 5
      _web._tcp.service.dc2.consul.     | SRV  | NXDOMAIN | 5
      host-1.node.dc2.consul.           | A    | NXDOMAIN | 5
      dc2.consul.                       | A    | NXDOMAIN | 5
      web.consul.                       | A    | NXDOMAIN | 5
      printer.consul.                   | A    | NXDOMAIN | 5
      x.host-1.node.consul.             | A    | NXDOMAIN | 5
      nosuch.node.consul.               | A    | NXDOMAIN | 5
      nosuch.node.dc1.consul.           | A    | NXDOMAIN | 5
      host-1.node.consul.               | SRV  | NOERROR  | 5
      host-1.node.consul.               | TXT  | NOERROR  | 5
      v4only.node.consul.               | AAAA | NOERROR  | 5
      v6only.node.dc1.consul.           | A    | NOERROR  | 5
      consul.                           | A    | NOERROR  | 5
      consul.                           | TXT  | NOERROR  | 5
      """)
  void negativeAnswersUnderTheParentCarryItsSoa(String qname, String type, String rcode, long negativeTtl)
      throws Exception {
    LookupResult.Records r = ask(qname, Type.value(type));
    assertThat(Rcode.string(r.rcode())).isEqualTo(rcode);
    assertThat(r.answer()).isEmpty();
    assertThat(lines(r.authority())).singleElement().asString()
        .startsWith(PARENT_SOA.replace(" 5 IN", " " + negativeTtl + " IN")).endsWith(" " + negativeTtl);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      nosuch.service.consul.   | A    | NXDOMAIN
      web.service.consul.      | TXT  | NOERROR
      _tcp.service.consul.     | TXT  | NOERROR
      """)
  void negativeAnswersUnderTheDomainKeepTheDomainsSoa(String qname, String type, String rcode) throws Exception {
    LookupResult.Records r = ask(qname, Type.value(type));
    assertThat(Rcode.string(r.rcode())).isEqualTo(rcode);
    assertThat(lines(r.authority())).singleElement().asString().startsWith(DOMAIN_SOA);
  }

  @Test
  void theParentsApexHasItsOwnSoaAndNsAtTheRegistrysSerial() throws Exception {
    long serial = discovery.index();
    assertThat(lines(ask("consul.", Type.SOA).answer())).containsExactly(
        PARENT_SOA + serial + " 3600 600 86400 5");
    LookupResult.Records ns = ask("CONSUL.", Type.NS);
    assertThat(lines(ns.answer())).containsExactly("consul. 5 IN NS 7f000001.addr.service.consul.");
    assertThat(lines(ns.additional())).containsExactly("7f000001.addr.service.consul. 5 IN A 127.0.0.1");
    assertThat(ask("consul.", Type.ANY).answer()).extracting(Record::getType).containsExactly(Type.SOA, Type.NS);
    // The domain's apex is answered as before, its own zone.
    assertThat(lines(ask("service.consul.", Type.SOA).answer())).containsExactly(
        DOMAIN_SOA + serial + " 3600 600 86400 5");
    register(Instance.of("web-4", "web", "10.0.0.4", 80, List.of()));
    assertThat(lines(ask("consul.", Type.SOA).answer())).singleElement().asString()
        .contains(" " + discovery.index() + " 3600 ");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      host-1.node.consul.         | A    | host-1.node.consul. 5 IN A 10.9.0.1
      HOST-1.Node.Consul.         | A    | HOST-1.Node.Consul. 5 IN A 10.9.0.1
      host-1.node.dc1.consul.     | A    | host-1.node.dc1.consul. 5 IN A 10.9.0.1
      host-1.node.DC1.consul.     | AAAA | host-1.node.DC1.consul. 5 IN AAAA 2001:db8:0:0:0:0:0:9
      v6only.node.consul.         | AAAA | v6only.node.consul. 5 IN AAAA 2001:db8:0:0:0:0:0:10
      """)
  void aNodeNameAnswersItsAddress(String qname, String type, String expected) throws Exception {
    LookupResult.Records r = ask(qname, Type.value(type));
    assertThat(r.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(lines(r.answer())).containsExactly(expected);
  }

  @Test
  void aNodesAnyAnswerHasEveryAddressAndTheTableFollowsItsSources() throws Exception {
    assertThat(lines(ask("host-1.node.consul.", Type.ANY).answer())).containsExactlyInAnyOrder(
        "host-1.node.consul. 5 IN A 10.9.0.1", "host-1.node.consul. 5 IN AAAA 2001:db8:0:0:0:0:0:9");
    nodeSource.replace(Map.of("host-2", List.of(InetAddress.getByName("10.9.0.3"))));
    assertThat(ask("host-1.node.consul.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(lines(ask("host-2.node.consul.", Type.A).answer())).containsExactly(
        "host-2.node.consul. 5 IN A 10.9.0.3");
  }

  @Test
  void aZoneWithoutNodesAnswersNodeNamesNxdomain() throws Exception {
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.consul"), 5,
        InetAddress.getByName("127.0.0.1")));
    ZoneView view = new ZoneView(records, discovery::serving);
    RegistryZone bare = new RegistryZone(records, view, discovery);
    LookupResult r = bare.lookup(Name.fromString("host-1.node.consul."), Type.A, client);
    assertThat(r).isInstanceOf(LookupResult.Records.class);
    assertThat(((LookupResult.Records) r).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aDomainNotStartingWithServiceLeavesItsParentAlone() throws Exception {
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("signpost.consul"), 5,
        InetAddress.getByName("127.0.0.1")));
    ZoneView view = new ZoneView(records, discovery::serving);
    RegistryZone other = new RegistryZone(records, view, discovery, nodes);
    for (String name : List.of("consul.", "web.service.dc1.consul.", "host-1.node.consul.", "x.consul.")) {
      assertThat(other.lookup(Name.fromString(name), Type.A, client)).as(name)
          .isInstanceOf(LookupResult.NotAuthoritative.class);
    }
  }

  @Test
  void aDatacenterFormIsPlannedAsTheFormWithoutItAndMarkedForTheBytes() throws Exception {
    LookupResult dc = zone.plan(QueryName.of(Name.fromString("web.service.dc1.consul.")), Type.SRV, client);
    LookupResult plain = zone.plan(QueryName.of(Name.fromString("web.service.consul.")), Type.SRV, client);
    assertThat(dc).isInstanceOf(AnswerPlan.class);
    assertThat(((AnswerPlan) dc).datacenterForm()).isTrue();
    assertThat(((AnswerPlan) plain).datacenterForm()).isFalse();
    assertThat(((AnswerPlan) dc).size()).isEqualTo(((AnswerPlan) plain).size());
  }
}
