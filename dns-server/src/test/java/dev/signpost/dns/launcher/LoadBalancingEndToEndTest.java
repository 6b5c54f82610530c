package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Load balancing over real DNS: the default strategy, per-service policies set over HTTP, EDNS Client
 * Subnet choosing the client's zone and hash, and SRV priorities and weights on the wire.
 */
class LoadBalancingEndToEndTest {

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir, "--client-zone", "10.9.0.0/16=a", "--client-zone", "10.8.0.0/16=b");
    dns = server.dnsAddress();
    api = server.httpAddress();
    // Two instances in zone a, two in zone b (one by Locality, one by Meta, as users write either).
    register(api, """
        {"ID": "shop-1", "Name": "shop", "Address": "10.0.1.1", "Port": 8001, "Locality": {"Zone": "a"},
         "Weights": {"Passing": 10}}""");
    register(api, """
        {"ID": "shop-2", "Name": "shop", "Address": "10.0.1.2", "Port": 8002, "Meta": {"zone": "a"}}""");
    register(api, """
        {"ID": "shop-3", "Name": "shop", "Address": "10.0.1.3", "Port": 8003, "Locality": {"Zone": "b"}}""");
    register(api, """
        {"ID": "shop-4", "Name": "shop", "Address": "10.0.1.4", "Port": 8004, "Meta": {"zone": "b"}}""");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void defaultPolicy() throws Exception {
    http(api, "DELETE", "/v1/signpost/policy/shop", null);
  }

  static void policy(String json) throws Exception {
    HttpResponse<String> r = http(api, "PUT", "/v1/signpost/policy/shop", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** A query as a resolver forwards it, with the client's subnet, or none when {@code subnet} is null. */
  static Message ask(String name, int type, String subnet) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    List<EDNSOption> options = new ArrayList<>();
    if (subnet != null) {
      String[] parts = subnet.split("/");
      options.add(new ClientSubnetOption(Integer.parseInt(parts[1]), InetAddress.getByName(parts[0])));
    }
    q.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    return new Message(TestClients.exchange(dns, q.toWire(), true));
  }

  static List<String> addresses(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }

  @Test
  void roundRobinStartsEachOfFourQueriesWithADifferentInstance() throws Exception {
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      List<String> a = addresses(ask("shop.service.local.", Type.A, null));
      assertThat(a).hasSize(4);
      firsts.add(a.get(0));
    }
    assertThat(firsts).hasSize(4);
  }

  @Test
  void zoneAwareListsTheClientSubnetsZoneFirstWithSrvPriorities() throws Exception {
    policy("{\"Strategy\": \"zone-aware\"}");
    for (int i = 0; i < 4; i++) {
      assertThat(addresses(ask("shop.service.local.", Type.A, "10.9.1.0/24")).subList(0, 2))
          .containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2");
      assertThat(addresses(ask("shop.service.local.", Type.A, "10.8.1.0/24")).subList(0, 2))
          .containsExactlyInAnyOrder("10.0.1.3", "10.0.1.4");
    }
    Message srv = ask("_shop._tcp.service.local.", Type.SRV, "10.9.1.0/24");
    List<String> priorities = srv.getSection(Section.ANSWER).stream()
        .map(r -> ((SRVRecord) r).getPriority() + " " + ((SRVRecord) r).getPort()).sorted().toList();
    assertThat(priorities).containsExactly("1 8001", "1 8002", "2 8003", "2 8004");
    // The reply echoes the subnet with a scope: resolvers cache this answer for that subnet only.
    ClientSubnetOption echoed = (ClientSubnetOption) srv.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(echoed.getSourcePrefixLength()).isEqualTo(24);
    assertThat(echoed.getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void ipHashKeepsEachClientOnItsInstanceAndTheSubnetDecides() throws Exception {
    policy("{\"Strategy\": \"ip-hash\"}");
    Set<String> firstsAcrossClients = new HashSet<>();
    for (int c = 0; c < 32; c++) {
      String subnet = "192.0." + c + ".0/24";
      List<String> first = addresses(ask("shop.service.local.", Type.A, subnet));
      for (int again = 0; again < 3; again++) {
        assertThat(addresses(ask("shop.service.local.", Type.A, subnet))).isEqualTo(first);
      }
      firstsAcrossClients.add(first.get(0));
    }
    assertThat(firstsAcrossClients).as("32 subnets spread over the instances").hasSizeGreaterThan(1);
  }

  @Test
  void weightedSrvRecordsCarryTheInstanceWeights() throws Exception {
    policy("{\"Strategy\": \"weighted\", \"TTL\": 20, \"AnswerLimit\": 3}");
    Message srv = ask("_shop._tcp.service.local.", Type.SRV, null);
    assertThat(srv.getSection(Section.ANSWER)).hasSize(3)
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(20));
    int tens = 0;
    int firstIsHeavy = 0;
    for (int i = 0; i < 200; i++) {
      List<Record> answer = ask("_shop._tcp.service.local.", Type.SRV, null).getSection(Section.ANSWER);
      SRVRecord first = (SRVRecord) answer.get(0);
      firstIsHeavy += first.getPort() == 8001 ? 1 : 0;
      tens += (int) answer.stream().filter(r -> ((SRVRecord) r).getWeight() == 10).count();
    }
    assertThat(tens).as("shop-1's SRV weight is its Passing weight").isPositive();
    // shop-1 weighs 10 of 13: it comes first in about 77% of answers (well above a fair 25%).
    assertThat(firstIsHeavy).isBetween(110, 190);
  }
}
