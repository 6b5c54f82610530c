package dev.signpost.zones;

import static dev.signpost.zones.ZoneFixture.instance;
import static dev.signpost.zones.ZoneFixture.sorted;
import static dev.signpost.zones.ZoneFixture.ttlChecked;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** PTR answers for the addresses registered instances have; every other reverse question is not ours. */
class ReverseLookupTest {

  private static final String V4 = "1.0.0.10.in-addr.arpa.";
  private static final String V6 = "3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.";

  private ZoneFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ZoneFixture();
    f.register(instance("web-1", "web", "10.0.0.1", 8080, List.of()));
    f.register(instance("api-1", "api", "10.0.0.1", 9090, List.of()));
    f.register(instance("web-3", "web", "2001:db8::3", 8082, List.of()));
    f.register(ttlChecked(instance("pay-1", "pay", "10.0.1.1", 443, List.of())));
    f.register(instance("db-1", "db", "db1.example.com", 5432, List.of()));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private void assertNotOurs(String qname, int type) throws Exception {
    assertThat(f.lookup(qname, type)).as(qname + " " + Type.string(type))
        .isInstanceOf(LookupResult.NotAuthoritative.class);
  }

  @Test
  void anIpv4AddressNamesEveryServiceWithAnInstanceThere() throws Exception {
    LookupResult.Records a = f.ask(V4, Type.PTR);
    assertThat(a.authority()).isEmpty();
    assertThat(sorted(a.answer())).containsExactly(
        "1.0.0.10.in-addr.arpa. 5 IN PTR api.service.local.",
        "1.0.0.10.in-addr.arpa. 5 IN PTR web.service.local.");
  }

  @Test
  void anIpv6AddressIsAnsweredUnderIp6Arpa() throws Exception {
    assertThat(sorted(f.ask(V6, Type.PTR).answer())).containsExactly(V6 + " 5 IN PTR web.service.local.");
  }

  @Test
  void instancesOfAnyHealthCount() throws Exception {
    assertThat(sorted(f.ask("1.1.0.10.in-addr.arpa.", Type.PTR).answer()))
        .containsExactly("1.1.0.10.in-addr.arpa. 5 IN PTR pay.service.local.");
  }

  @Test
  void anyGivesThePtrsAndAnswersEchoTheQuestionsCase() throws Exception {
    assertThat(sorted(f.ask("1.0.0.10.IN-ADDR.ARPA.", Type.ANY).answer())).containsExactly(
        "1.0.0.10.IN-ADDR.ARPA. 5 IN PTR api.service.local.",
        "1.0.0.10.IN-ADDR.ARPA. 5 IN PTR web.service.local.");
  }

  @Test
  void otherTypesAndOtherReverseNamesAreLeftToTheForwarder() throws Exception {
    assertNotOurs(V4, Type.A);
    assertNotOurs(V4, Type.TXT);
    assertNotOurs("2.0.0.10.in-addr.arpa.", Type.PTR);
    assertNotOurs("0.0.10.in-addr.arpa.", Type.PTR);
    assertNotOurs("x.1.0.0.10.in-addr.arpa.", Type.PTR);
    assertNotOurs("in-addr.arpa.", Type.SOA);
    assertNotOurs("1.0.0.0.0.0.a.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", Type.PTR);
  }

  @Test
  void theIndexFollowsDeregistrationAndMovedAddresses() throws Exception {
    f.deregister("web-1");
    assertThat(sorted(f.ask(V4, Type.PTR).answer())).containsExactly("1.0.0.10.in-addr.arpa. 5 IN PTR api.service.local.");

    f.register(instance("api-1", "api", "10.0.0.9", 9090, List.of()));
    assertNotOurs(V4, Type.PTR);
    assertThat(sorted(f.ask("9.0.0.10.in-addr.arpa.", Type.PTR).answer()))
        .containsExactly("9.0.0.10.in-addr.arpa. 5 IN PTR api.service.local.");
  }

  @Test
  void anInstanceMovedToAnotherServiceMovesItsAddressToo() throws Exception {
    f.register(instance("web-3", "api", "2001:db8::3", 8082, List.of()));
    assertThat(sorted(f.ask(V6, Type.PTR).answer())).containsExactly(V6 + " 5 IN PTR api.service.local.");
  }

  @Test
  void aServiceKeepsItsAddressWhileAnyOfItsInstancesHasIt() throws Exception {
    f.register(instance("web-2", "web", "10.0.0.1", 8081, List.of()));
    f.deregister("web-1");
    assertThat(sorted(f.ask(V4, Type.PTR).answer())).contains("1.0.0.10.in-addr.arpa. 5 IN PTR web.service.local.");
  }

  @Test
  void aViewThatStartsFromAResetIndexesEveryAddress() throws Exception {
    ZoneView late = new ZoneView(f.records, f.discovery::serving);
    f.discovery.addListener(late); // replays the registry through onReset
    RegistryZone zone = new RegistryZone(f.records, late, f.discovery);
    LookupResult.Records a = (LookupResult.Records) zone.lookup(Name.fromString(V4), Type.PTR, f.client);
    assertThat(a.answer()).hasSize(2);
  }
}
