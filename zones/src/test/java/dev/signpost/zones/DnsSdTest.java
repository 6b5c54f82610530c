package dev.signpost.zones;

import static dev.signpost.zones.ZoneFixture.instance;
import static dev.signpost.zones.ZoneFixture.lines;
import static dev.signpost.zones.ZoneFixture.sorted;
import static dev.signpost.zones.ZoneFixture.text;
import static dev.signpost.zones.ZoneFixture.ttlChecked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServicePolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** DNS-SD (RFC 6763) as a browsing client sees it. */
class DnsSdTest {

  private ZoneFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ZoneFixture();
    f.register(instance("web-1", "web", "10.0.0.1", 8080, List.of("v1", "primary"), "version", "1.4.2", "path", "/api"));
    f.register(instance("web.1 a", "web", "2001:db8::2", 8081, List.of()));
    f.register(ttlChecked(instance("web-3", "web", "10.0.0.3", 8082, List.of("v1"))));
    f.register(instance("db-1", "db", "db1.example.com", 5432, List.of(), "role", "primary"));
    f.register(ttlChecked(instance("pay-1", "pay", "10.0.1.1", 443, List.of())));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static Name target(Record ptr) {
    return ((PTRRecord) ptr).getTarget();
  }

  private static List<String> strings(Record txt) {
    return ((TXTRecord) txt).getStringsAsByteArrays().stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  private static void assertNodata(LookupResult.Records a, long negativeTtl) {
    assertThat(a.isNoData()).isTrue();
    assertThat(a.authority()).singleElement().satisfies(soa -> {
      assertThat(soa.getType()).isEqualTo(Type.SOA);
      assertThat(soa.getTTL()).isEqualTo(negativeTtl);
    });
  }

  @Test
  void aClientEnumeratesTypesThenBrowsesEachThenResolvesEveryInstance() throws Exception {
    List<String> seen = new ArrayList<>();
    LookupResult.Records types = f.ask("_services._dns-sd._udp.service.local.", Type.PTR);
    seen.addAll(lines(types.answer()));
    for (Record type : types.answer()) {
      LookupResult.Records browse = f.ask(target(type), Type.PTR);
      seen.addAll(lines(browse.answer()));
      for (Record instance : browse.answer()) {
        seen.addAll(lines(f.ask(target(instance), Type.SRV).answer()));
        seen.addAll(lines(f.ask(target(instance), Type.TXT).answer()));
      }
    }
    assertThat(seen).containsExactly(
        "_services._dns-sd._udp.service.local. 5 IN PTR _db._tcp.service.local.",
        "_services._dns-sd._udp.service.local. 5 IN PTR _web._tcp.service.local.",
        "_db._tcp.service.local. 5 IN PTR db-1._db._tcp.service.local.",
        "db-1._db._tcp.service.local. 5 IN SRV 1 1 5432 db1.example.com.",
        "db-1._db._tcp.service.local. 5 IN TXT \"role=primary\"",
        "_web._tcp.service.local. 5 IN PTR web-1._web._tcp.service.local.",
        "_web._tcp.service.local. 5 IN PTR web\\.1\\032a._web._tcp.service.local.",
        "web-1._web._tcp.service.local. 5 IN SRV 1 1 8080 0a000001-8080.addr.service.local.",
        "web-1._web._tcp.service.local. 5 IN TXT \"version=1.4.2\" \"path=/api\" \"tags=v1,primary\"",
        "web\\.1\\032a._web._tcp.service.local. 5 IN SRV 1 1 8081 20010db8000000000000000000000002-8081.addr.service.local.",
        "web\\.1\\032a._web._tcp.service.local. 5 IN TXT \"\"");
  }

  @Test
  void anInstanceSrvCarriesGlueForItsAddressTarget() throws Exception {
    LookupResult.Records a = f.ask("web\\.1\\032a._web._tcp.service.local.", Type.SRV);
    assertThat(lines(a.additional()))
        .containsExactly("20010db8000000000000000000000002-8081.addr.service.local. 5 IN AAAA 2001:db8:0:0:0:0:0:2");
    assertThat(f.ask("db-1._db._tcp.service.local.", Type.SRV).additional()).as("a host name resolves elsewhere").isEmpty();
  }

  @Test
  void anyAtAnInstanceGivesItsSrvAndTxt() throws Exception {
    LookupResult.Records a = f.ask("web-1._web._tcp.service.local.", Type.ANY);
    assertThat(lines(a.answer())).containsExactly(
        "web-1._web._tcp.service.local. 5 IN SRV 1 1 8080 0a000001-8080.addr.service.local.",
        "web-1._web._tcp.service.local. 5 IN TXT \"version=1.4.2\" \"path=/api\" \"tags=v1,primary\"");
    assertThat(lines(a.additional())).containsExactly("0a000001-8080.addr.service.local. 5 IN A 10.0.0.1");
  }

  @Test
  void otherTypesAtAnInstanceGetNodataWithTheSoa() throws Exception {
    for (int type : new int[] {Type.A, Type.AAAA, Type.PTR}) {
      assertNodata(f.ask("web-1._web._tcp.service.local.", type), 5);
    }
  }

  @Test
  void anIdWithADotAndASpaceRoundTripsHoweverTheClientSpellsIt() throws Exception {
    Name browsed = target(f.ask("_web._tcp.service.local.", Type.PTR).answer().get(1));
    assertThat(browsed.labels()).as("the dot stays inside the instance label").isEqualTo(6);
    for (Name asked : List.of(browsed, Name.fromString("WEB\\.1\\032A._Web._TCP.service.local."),
        Name.fromString("web\\.1\\ a._web._udp.service.local."))) {
      LookupResult.Records a = f.ask(asked, Type.SRV);
      assertThat(a.answer()).as(asked.toString()).singleElement().satisfies(srv -> {
        assertThat(srv.getName().toString()).as("answers echo the question").isEqualTo(asked.toString());
        assertThat(srv.rdataToString()).isEqualTo("1 1 8081 20010db8000000000000000000000002-8081.addr.service.local.");
      });
    }
  }

  @Test
  void browsingUnderUdpNamesTheInstancesUnderUdp() throws Exception {
    assertThat(sorted(f.ask("_web._udp.service.local.", Type.PTR).answer())).containsExactly(
        "_web._udp.service.local. 5 IN PTR web-1._web._udp.service.local.",
        "_web._udp.service.local. 5 IN PTR web\\.1\\032a._web._udp.service.local.");
  }

  @Test
  void criticalInstancesAreLeftOutOfTheBrowseAndTheirNamesAnswerNodataBriefly() throws Exception {
    assertThat(lines(f.ask("_web._tcp.service.local.", Type.PTR).answer()))
        .noneMatch(line -> line.contains("web-3"));
    assertNodata(f.ask("web-3._web._tcp.service.local.", Type.SRV), 1);
    assertNodata(f.ask("web-3._web._tcp.service.local.", Type.TXT), 1);

    f.report("web-3", HealthStatus.PASSING);
    assertThat(f.ask("web-3._web._tcp.service.local.", Type.SRV).answer()).hasSize(1);
    assertThat(f.ask("_web._tcp.service.local.", Type.PTR).answer()).hasSize(3);
  }

  @Test
  void aServiceWithNothingServedIsNotEnumeratedAndBrowsesNodataBriefly() throws Exception {
    assertThat(lines(f.ask("_services._dns-sd._udp.service.local.", Type.PTR).answer()))
        .noneMatch(line -> line.contains("_pay"));
    assertNodata(f.ask("_pay._tcp.service.local.", Type.PTR), 1);
    assertNodata(f.ask("pay-1._pay._tcp.service.local.", Type.SRV), 1);
  }

  @Test
  void unknownInstancesAndServicesGetNxdomain() throws Exception {
    for (String qname : List.of("nope._web._tcp.service.local.", "web-1._nope._tcp.service.local.",
        "web-1._web._v1.service.local.", "web-1._db._tcp.service.local.")) {
      LookupResult.Records a = f.ask(qname, Type.SRV);
      assertThat(a.rcode()).as(qname).isEqualTo(Rcode.NXDOMAIN);
      assertThat(a.authority()).as(qname).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }
  }

  @Test
  void theServiceTypeNameKeepsItsRfc2782SrvAndAnyAddsTheBrowsePtrs() throws Exception {
    assertThat(f.ask("_web._tcp.service.local.", Type.SRV).answer()).extracting(Record::getType)
        .containsOnly(Type.SRV).hasSize(2);
    LookupResult.Records any = f.ask("_web._tcp.service.local.", Type.ANY);
    assertThat(any.answer()).extracting(Record::getType).containsExactlyInAnyOrder(Type.SRV, Type.SRV, Type.PTR, Type.PTR);
    assertThat(any.additional()).hasSize(2);
    assertNodata(f.ask("_web._tcp.service.local.", Type.TXT), 5);
    assertNodata(f.ask("_web._v1.service.local.", Type.PTR), 5);
  }

  @Test
  void theTxtRecordHoldsMetaInRegistrationOrderThenTagsByteForByte() throws Exception {
    f.register(instance("api-1", "api", "10.0.2.1", 80, List.of("b", "a"), "zeta", "1", "alpha", "C:\\dir \"q\"",
        "name", "café"));
    Record txt = f.ask("api-1._api._tcp.service.local.", Type.TXT).answer().get(0);
    assertThat(strings(txt)).containsExactly("zeta=1", "alpha=C:\\dir \"q\"", "name=café", "tags=b,a");
    assertThat(text(txt))
        .isEqualTo("api-1._api._tcp.service.local. 5 IN TXT \"zeta=1\" \"alpha=C:\\\\dir \\\"q\\\"\" \"name=caf\\195\\169\" \"tags=b,a\"");
  }

  @Test
  void anInstanceWithNeitherMetaNorTagsHasOneEmptyTxtString() throws Exception {
    Record txt = f.ask("web\\.1\\032a._web._tcp.service.local.", Type.TXT).answer().get(0);
    assertThat(((TXTRecord) txt).getStringsAsByteArrays()).singleElement().satisfies(b -> assertThat(b).isEmpty());
    assertThat(txt.rdataToWireCanonical()).containsExactly(0);
  }

  @Test
  void aMetaKeyCalledTagsReplacesTheTagsPair() throws Exception {
    f.register(instance("api-1", "api", "10.0.2.1", 80, List.of("v1"), "Tags", "from-meta"));
    assertThat(strings(f.ask("api-1._api._tcp.service.local.", Type.TXT).answer().get(0))).containsExactly("Tags=from-meta");
  }

  @Test
  void longPairsAreCutTo255BytesBetweenCharactersAndTagsBetweenTags() throws Exception {
    List<String> tags = IntStream.range(10, 60).mapToObj(n -> "tag-" + n).toList();
    f.register(instance("api-1", "api", "10.0.2.1", 80, tags, "k", "x".repeat(300), "u", "é".repeat(200)));
    List<String> strings = strings(f.ask("api-1._api._tcp.service.local.", Type.TXT).answer().get(0));
    assertThat(strings.get(0)).isEqualTo("k=" + "x".repeat(253));
    assertThat(strings.get(1)).as("a 2-byte character that would end at byte 256 is left out").isEqualTo("u=" + "é".repeat(126));
    assertThat(strings.get(2)).isEqualTo("tags=" + String.join(",", tags.subList(0, 35)));
    assertThat(strings).allSatisfy(s -> assertThat(s.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255));
  }

  @Test
  void instanceAnswersFollowTheServicesTtlAndSrvTiers() throws Exception {
    f.discovery.setPolicy("web", new ServicePolicy("round-robin", OptionalLong.of(30), 1)).toCompletableFuture().join();
    assertThat(f.ask("web-1._web._tcp.service.local.", Type.ANY).answer()).extracting(Record::getTTL).containsOnly(30L);
    assertThat(f.ask("_web._tcp.service.local.", Type.PTR).answer()).as("the answer limit does not cut a browse")
        .hasSize(2).extracting(Record::getTTL).containsOnly(30L);

    f.report("web-3", HealthStatus.WARNING);
    assertThat(f.ask("web-3._web._tcp.service.local.", Type.SRV).answer().get(0).rdataToString())
        .isEqualTo("3 1 8082 0a000003-8082.addr.service.local.");
  }

  @Test
  void anIdLongerThanOneLabelIsBrowsedAndResolvedUnderItsDerivedLabel() throws Exception {
    String id = "instance-" + "0123456789".repeat(20);
    f.register(instance(id, "api", "10.0.2.1", 80, List.of()));
    String label = InstanceLabels.labelFor(id);
    assertThat(label).startsWith("instance-0123456789").hasSizeLessThanOrEqualTo(63);
    assertThat(lines(f.ask("_api._tcp.service.local.", Type.PTR).answer()))
        .containsExactly("_api._tcp.service.local. 5 IN PTR " + label + "._api._tcp.service.local.");
    assertThat(lines(f.ask(label + "._api._tcp.service.local.", Type.SRV).answer()))
        .containsExactly(label + "._api._tcp.service.local. 5 IN SRV 1 1 80 0a000201-80.addr.service.local.");
  }

  @Test
  void idsThatDifferOnlyInCaseGetDistinctNames() throws Exception {
    f.register(instance("Api-1", "api", "10.0.2.1", 81, List.of()));
    f.register(instance("api-1", "api", "10.0.2.2", 82, List.of()));
    String second = InstanceLabels.labelFor("api-1", 1);
    assertThat(sorted(f.ask("_api._tcp.service.local.", Type.PTR).answer())).containsExactly(
        "_api._tcp.service.local. 5 IN PTR Api-1._api._tcp.service.local.",
        "_api._tcp.service.local. 5 IN PTR " + second + "._api._tcp.service.local.");
    assertThat(f.ask("api-1._api._tcp.service.local.", Type.SRV).answer().get(0).rdataToString()).contains(" 81 ");
    assertThat(f.ask(second + "._api._tcp.service.local.", Type.SRV).answer().get(0).rdataToString()).contains(" 82 ");

    f.deregister("Api-1");
    assertThat(f.ask("api-1._api._tcp.service.local.", Type.SRV).answer().get(0).rdataToString()).contains(" 82 ");
  }

  @Test
  void theEnumerationAndItsParentExistWhileAnyServiceDoes() throws Exception {
    assertNodata(f.ask("_dns-sd._udp.service.local.", Type.A), 5);
    assertNodata(f.ask("_services._dns-sd._udp.service.local.", Type.TXT), 5);
    for (Instance i : f.discovery.instances()) {
      f.deregister(i.id());
    }
    for (String qname : List.of("_services._dns-sd._udp.service.local.", "_dns-sd._udp.service.local.",
        "_udp.service.local.")) {
      assertThat(f.ask(qname, Type.PTR).rcode()).as(qname).isEqualTo(Rcode.NXDOMAIN);
    }
  }

  @Test
  void aServiceCalledDnsSdKeepsItsRfc2782Name() throws Exception {
    f.register(instance("sd-1", "dns-sd", "10.0.3.1", 53, List.of()));
    assertThat(lines(f.ask("_dns-sd._udp.service.local.", Type.SRV).answer()))
        .containsExactly("_dns-sd._udp.service.local. 5 IN SRV 1 1 53 0a000301-53.addr.service.local.");
    assertThat(lines(f.ask("_services._dns-sd._udp.service.local.", Type.PTR).answer()))
        .contains("_services._dns-sd._udp.service.local. 5 IN PTR _dns-sd._tcp.service.local.");
  }
}
