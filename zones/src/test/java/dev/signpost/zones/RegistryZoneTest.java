package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Client;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class RegistryZoneTest {

  private ServiceDiscovery discovery;
  private RegistryZone zone;
  private Client client;

  @BeforeEach
  void setUp() throws Exception {
    open(HealthFilter.DEFAULT);
    client = new Client(InetAddress.getByName("127.0.0.1"));
    register(Instance.of("web-1", "web", "10.0.0.1", 8080, List.of("v1", "primary")));
    register(Instance.of("web-2", "web", "10.0.0.2", 8081, List.of("v2")));
    register(Instance.of("web-3", "web", "2001:db8::3", 8082, List.of("v2")));
    register(Instance.of("db-1", "db", "db1.example.com", 5432, List.of()));
  }

  @AfterEach
  void tearDown() {
    discovery.close();
  }

  private void open(HealthFilter policy) throws Exception {
    if (discovery != null) {
      discovery.close();
    }
    discovery = ServiceDiscovery.builder().healthFilter(policy).build();
    ZoneConfig config = new ZoneConfig(ZoneConfig.parseDomain("service.local"), 5,
        InetAddress.getByName("127.0.0.1"));
    RecordFactory records = new RecordFactory(config);
    ZoneView view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    zone = new RegistryZone(records, view, discovery);
  }

  private void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  private LookupResult.Records ask(String qname, int type) throws Exception {
    return (LookupResult.Records) zone.lookup(Name.fromString(qname), type, client);
  }

  private static List<String> sorted(List<Record> records) {
    return records.stream().map(RegistryZoneTest::text).sorted().collect(Collectors.toList());
  }

  /** A record as one zone-file line with single spaces. */
  private static String text(Record r) {
    return r.toString().replaceAll("\\s+", " ");
  }

  @Test
  void serviceARecordsListEveryIpv4Instance() throws Exception {
    LookupResult.Records a = ask("web.service.local.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(sorted(a.answer())).containsExactly(
        "web.service.local. 5 IN A 10.0.0.1",
        "web.service.local. 5 IN A 10.0.0.2");
  }

  @Test
  void answersEchoTheQuestionsCase() throws Exception {
    LookupResult.Records a = ask("WeB.Service.Local.", Type.AAAA);
    assertThat(a.answer()).hasSize(1);
    assertThat(a.answer().get(0).getName().toString()).isEqualTo("WeB.Service.Local.");
  }

  @Test
  void srvRecordsPointAtAddressTargetsWithGlue() throws Exception {
    LookupResult.Records a = ask("_web._tcp.service.local.", Type.SRV);
    assertThat(sorted(a.answer())).containsExactly(
        "_web._tcp.service.local. 5 IN SRV 1 1 8080 0a000001-8080.addr.service.local.",
        "_web._tcp.service.local. 5 IN SRV 1 1 8081 0a000002-8081.addr.service.local.",
        "_web._tcp.service.local. 5 IN SRV 1 1 8082 20010db8000000000000000000000003-8082.addr.service.local.");
    assertThat(sorted(a.additional())).containsExactly(
        "0a000001-8080.addr.service.local. 5 IN A 10.0.0.1",
        "0a000002-8081.addr.service.local. 5 IN A 10.0.0.2",
        "20010db8000000000000000000000003-8082.addr.service.local. 5 IN AAAA 2001:db8:0:0:0:0:0:3");
  }

  /**
   * Regression: three instances on one address shared one target, and HAProxy, which pairs each SRV record with
   * one address record, resolved the third to nothing. Each instance has its own target and glue now.
   */
  @Test
  void instancesOnOneAddressEachGetTheirOwnTargetAndGlue() throws Exception {
    register(Instance.of("api-1", "api", "127.0.0.1", 9001, List.of()));
    register(Instance.of("api-2", "api", "127.0.0.1", 9002, List.of()));
    register(Instance.of("api-3", "api", "127.0.0.1", 9003, List.of()));

    LookupResult.Records a = ask("_api._tcp.service.local.", Type.SRV);

    assertThat(sorted(a.answer())).containsExactly(
        "_api._tcp.service.local. 5 IN SRV 1 1 9001 7f000001-9001.addr.service.local.",
        "_api._tcp.service.local. 5 IN SRV 1 1 9002 7f000001-9002.addr.service.local.",
        "_api._tcp.service.local. 5 IN SRV 1 1 9003 7f000001-9003.addr.service.local.");
    assertThat(sorted(a.additional())).containsExactly(
        "7f000001-9001.addr.service.local. 5 IN A 127.0.0.1",
        "7f000001-9002.addr.service.local. 5 IN A 127.0.0.1",
        "7f000001-9003.addr.service.local. 5 IN A 127.0.0.1");
    assertThat(sorted(ask("7f000001-9002.addr.service.local.", Type.A).answer()))
        .containsExactly("7f000001-9002.addr.service.local. 5 IN A 127.0.0.1");
    assertThat(ask("api.service.local.", Type.A).answer()).as("one address, one A record").hasSize(1);
  }

  @Test
  void hostNameInstancesUseTheirNameAsSrvTarget() throws Exception {
    LookupResult.Records a = ask("db.service.local.", Type.SRV);
    assertThat(sorted(a.answer())).containsExactly("db.service.local. 5 IN SRV 1 1 5432 db1.example.com.");
    assertThat(a.additional()).isEmpty();
  }

  @Test
  void tagFormsFilterInstances() throws Exception {
    assertThat(ask("v2.web.service.local.", Type.SRV).answer()).hasSize(2);
    assertThat(ask("_web._v1.service.local.", Type.SRV).answer()).hasSize(1);
    assertThat(ask("primary.v1.web.service.local.", Type.A).answer()).hasSize(1);
    assertThat(ask("V1.web.service.local.", Type.A).answer()).hasSize(1);
  }

  @Test
  void unknownNamesGetNxdomainWithSoa() throws Exception {
    for (String qname : List.of("nope.service.local.", "v9.web.service.local.", "_web._v9.service.local.",
        "_v9.service.local.", "x.0a000001.addr.service.local.", "primary.v2.web.service.local.")) {
      LookupResult.Records a = ask(qname, Type.A);
      assertThat(a.rcode()).as(qname).isEqualTo(Rcode.NXDOMAIN);
      assertThat(a.authority()).as(qname).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }
  }

  @Test
  void knownNamesWithoutTheTypeGetNodataWithSoa() throws Exception {
    for (Object[] q : new Object[][] {{"web.service.local.", Type.TXT}, {"db.service.local.", Type.A},
        {"_web._tcp.service.local.", Type.A}, {"service.local.", Type.A},
        {"0a000001.addr.service.local.", Type.AAAA}}) {
      LookupResult.Records a = ask((String) q[0], (Integer) q[1]);
      assertThat(a.isNoData()).as(q[0] + " " + Type.string((Integer) q[1])).isTrue();
      assertThat(a.authority()).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }
  }

  @Test
  void emptyNonTerminalsAreNodataNotNxdomain() throws Exception {
    for (String qname : List.of("_tcp.service.local.", "_udp.service.local.", "_v2.service.local.",
        "addr.service.local.")) {
      assertThat(ask(qname, Type.A).isNoData()).as(qname).isTrue();
    }
  }

  @Test
  void apexHasSoaAndNsWithGlue() throws Exception {
    LookupResult.Records soa = ask("service.local.", Type.SOA);
    assertThat(text(soa.answer().get(0)))
        .isEqualTo("service.local. 5 IN SOA 7f000001.addr.service.local. hostmaster.service.local. 4 3600 600 86400 5");
    LookupResult.Records ns = ask("service.local.", Type.NS);
    assertThat(sorted(ns.answer())).containsExactly("service.local. 5 IN NS 7f000001.addr.service.local.");
    assertThat(sorted(ns.additional())).containsExactly("7f000001.addr.service.local. 5 IN A 127.0.0.1");
  }

  @Test
  void soaSerialFollowsTheRegistryIndex() throws Exception {
    long before = ((org.xbill.DNS.SOARecord) ask("service.local.", Type.SOA).answer().get(0)).getSerial();
    discovery.deregister("web-3").toCompletableFuture().join();
    long after = ((org.xbill.DNS.SOARecord) ask("service.local.", Type.SOA).answer().get(0)).getSerial();
    assertThat(after).isEqualTo(before + 1).isEqualTo(discovery.index());
  }

  @Test
  void deregisteredInstancesLeaveAndEmptyServicesVanish() throws Exception {
    discovery.deregister("db-1").toCompletableFuture().join();
    assertThat(ask("db.service.local.", Type.SRV).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void reRegisteringUnderAnotherServiceMovesTheInstance() throws Exception {
    register(Instance.of("web-1", "api", "10.0.0.1", 9000, List.of()));
    assertThat(ask("api.service.local.", Type.A).answer()).hasSize(1);
    assertThat(ask("v1.web.service.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("_v1.service.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void roundRobinRotatesTheFirstRecord() throws Exception {
    java.util.Set<String> firsts = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      firsts.add(ask("_web._tcp.service.local.", Type.SRV).answer().get(0).rdataToString());
    }
    assertThat(firsts).hasSize(3);
  }

  @Test
  void namesOutsideTheDomainAreNotOurs() throws Exception {
    assertThat(zone.lookup(Name.fromString("example.org."), Type.A, client))
        .isInstanceOf(LookupResult.NotAuthoritative.class);
  }

  // ---- health: what is served, and for how long ----

  private static Instance ttlChecked(String id, String service, String address) {
    return Instance.of(id, service, address, 80, List.of())
        .withChecks(List.of(CheckSpec.ttl(id + "-ttl", Duration.ofMinutes(10))));
  }

  private void report(String id, HealthStatus status) {
    discovery.reportTtl(id + "-ttl", status, "").toCompletableFuture().join();
  }

  private static String soaLine(LookupResult.Records a) {
    assertThat(a.authority()).hasSize(1);
    return text(a.authority().get(0));
  }

  @Test
  void knownServiceWithNothingToServeGetsNodataWithAOneSecondNegativeTtl() throws Exception {
    register(ttlChecked("pay-1", "pay", "10.0.1.1")); // a TTL check is critical until its first heartbeat

    LookupResult.Records a = ask("pay.service.local.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
    assertThat(soaLine(a)).startsWith("service.local. 1 IN SOA ").endsWith(" 3600 600 86400 1");

    LookupResult.Records unknown = ask("nope.service.local.", Type.A);
    assertThat(unknown.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(soaLine(unknown)).startsWith("service.local. 5 IN SOA ").endsWith(" 3600 600 86400 5");
  }

  @Test
  void aRecoveredInstanceIsServedAgainWithTheNormalTtl() throws Exception {
    register(ttlChecked("pay-1", "pay", "10.0.1.1"));
    report("pay-1", HealthStatus.PASSING);
    assertThat(sorted(ask("pay.service.local.", Type.A).answer())).containsExactly("pay.service.local. 5 IN A 10.0.1.1");
  }

  @Test
  void warningInstancesAreServedUnlessOnlyPassingIsAsked() throws Exception {
    register(ttlChecked("pay-1", "pay", "10.0.1.1"));
    report("pay-1", HealthStatus.WARNING);
    assertThat(ask("pay.service.local.", Type.A).answer()).hasSize(1);

    open(new HealthFilter(true, false));
    register(ttlChecked("pay-1", "pay", "10.0.1.1"));
    report("pay-1", HealthStatus.WARNING);
    assertThat(ask("pay.service.local.", Type.A).answer()).isEmpty();
  }

  @Test
  void maintenanceTakesAnInstanceOutOfDnsWithoutDeregisteringIt() throws Exception {
    discovery.maintenance("web-1", true, "kernel upgrade").toCompletableFuture().join();
    assertThat(sorted(ask("web.service.local.", Type.A).answer())).containsExactly("web.service.local. 5 IN A 10.0.0.2");
    discovery.maintenance("web-1", false, "").toCompletableFuture().join();
    assertThat(ask("web.service.local.", Type.A).answer()).hasSize(2);
  }

  @Test
  void failOpenKeepsServingTheLastHealthySetWithAOneSecondTtlUntilOneRecovers() throws Exception {
    open(new HealthFilter(false, true));
    register(ttlChecked("pay-1", "pay", "10.0.1.1"));
    register(ttlChecked("pay-2", "pay", "10.0.1.2"));
    report("pay-1", HealthStatus.PASSING);
    report("pay-2", HealthStatus.PASSING);

    report("pay-1", HealthStatus.CRITICAL);
    assertThat(sorted(ask("pay.service.local.", Type.A).answer())).containsExactly("pay.service.local. 5 IN A 10.0.1.2");
    report("pay-2", HealthStatus.CRITICAL);
    assertThat(sorted(ask("pay.service.local.", Type.A).answer())).containsExactly("pay.service.local. 1 IN A 10.0.1.2");
    assertThat(discovery.serving("pay").failingOpen()).isTrue();
    assertThat(discovery.metrics().servicesFailingOpen()).isEqualTo(1);

    report("pay-1", HealthStatus.PASSING);
    assertThat(sorted(ask("pay.service.local.", Type.A).answer())).containsExactly("pay.service.local. 5 IN A 10.0.1.1");
    assertThat(discovery.serving("pay").failingOpen()).isFalse();
  }

  @Test
  void failOpenNeverServesAnInstanceInMaintenance() throws Exception {
    open(new HealthFilter(false, true));
    register(ttlChecked("pay-1", "pay", "10.0.1.1"));
    report("pay-1", HealthStatus.PASSING);
    discovery.maintenance("pay-1", true, "").toCompletableFuture().join();
    LookupResult.Records a = ask("pay.service.local.", Type.A);
    assertThat(a.answer()).isEmpty();
    assertThat(soaLine(a)).startsWith("service.local. 1 IN SOA ");
  }

  // ---- policies: SRV tiers, per-service TTL and answer limit ----

  private static Instance zoned(String id, String zone, String address) {
    return new Instance(id, dev.signpost.core.ServiceName.of("api"), address, 443, List.of(), java.util.Map.of(),
        null, new dev.signpost.core.Locality("eu", zone), List.of(), null, 0, 0);
  }

  @Test
  void srvPrioritiesPutTheClientsZoneFirstAndWarningLast() throws Exception {
    register(zoned("api-a", "a", "10.1.0.1"));
    register(zoned("api-b", "b", "10.1.0.2"));
    register(zoned("api-w", "a", "10.1.0.3").withChecks(List.of(CheckSpec.ttl("api-w-ttl", Duration.ofMinutes(5)))));
    discovery.reportTtl("api-w-ttl", HealthStatus.WARNING, "").toCompletableFuture().join();
    Client inZoneA = new Client(client.address(), java.util.Optional.of("A"));

    LookupResult.Records a = (LookupResult.Records) zone.lookup(Name.fromString("_api._tcp.service.local."), Type.SRV,
        inZoneA);
    assertThat(a.answer()).extracting(Record::rdataToString).containsExactly(
        "1 1 443 0a010001-443.addr.service.local.",
        "2 1 443 0a010002-443.addr.service.local.",
        "3 1 443 0a010003-443.addr.service.local.");

    LookupResult.Records unzoned = ask("_api._tcp.service.local.", Type.SRV);
    assertThat(sorted(unzoned.answer())).as("a client without a zone is local everywhere").containsExactly(
        "_api._tcp.service.local. 5 IN SRV 1 1 443 0a010001-443.addr.service.local.",
        "_api._tcp.service.local. 5 IN SRV 1 1 443 0a010002-443.addr.service.local.",
        "_api._tcp.service.local. 5 IN SRV 3 1 443 0a010003-443.addr.service.local.");
  }

  @Test
  void aServicesPolicySetsItsTtlAndCapsItsAnswer() throws Exception {
    discovery.setPolicy("web", new ServicePolicy("round-robin", OptionalLong.of(30), 1)).toCompletableFuture().join();
    LookupResult.Records a = ask("web.service.local.", Type.A);
    assertThat(a.answer()).hasSize(1);
    assertThat(a.answer().get(0).getTTL()).isEqualTo(30);
    LookupResult.Records srv = ask("_web._tcp.service.local.", Type.SRV);
    assertThat(srv.answer()).hasSize(1);
    assertThat(srv.additional()).hasSize(1);
    assertThat(ask("db.service.local.", Type.SRV).answer().get(0).getTTL()).as("other services keep the zone's").isEqualTo(5);
  }

  @Test
  void aPolicyChangeMovesTheSoaSerial() throws Exception {
    long before = ((org.xbill.DNS.SOARecord) ask("service.local.", Type.SOA).answer().get(0)).getSerial();
    discovery.setPolicy("web", new ServicePolicy("random", OptionalLong.empty(), 0)).toCompletableFuture().join();
    long after = ((org.xbill.DNS.SOARecord) ask("service.local.", Type.SOA).answer().get(0)).getSerial();
    assertThat(after).isEqualTo(before + 1);
  }
}
