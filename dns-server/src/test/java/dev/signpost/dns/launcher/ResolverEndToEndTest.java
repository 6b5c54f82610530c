package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Signpost as a host's only resolver: its own names from the registry and a zone file, everything else
 * through an upstream (a second Signpost serving another domain), DNS-SD and reverse lookups, CHAOS, and
 * the query counters moving in /metrics.
 */
class ResolverEndToEndTest {

  @TempDir
  static Path dir;

  static SignpostServer upstream;
  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    upstream = TestClients.startServer(Files.createDirectories(dir.resolve("upstream")), "--domain", "example.test");
    register(upstream.httpAddress(), """
        {"ID": "www-1", "Name": "www", "Address": "192.0.2.80", "Port": 80}""");
    Path zoneFile = dir.resolve("infra.zone");
    Files.writeString(zoneFile, """
        $ORIGIN infra.service.local.
        $TTL 300
        @   IN SOA ns hostmaster 1 3600 600 86400 60
        @   IN NS  ns
        ns  IN A   10.0.0.53
        gw  IN A   10.0.0.254
        """);
    server = TestClients.startServer(Files.createDirectories(dir.resolve("main")),
        "--upstream", TestClients.hostPort(upstream.dnsAddress()), "--zone-file", zoneFile.toString(),
        "--chaos-version", "signpost-test");
    dns = server.dnsAddress();
    api = server.httpAddress();
    register(api, """
        {"ID": "user-1", "Name": "user-service", "Address": "10.0.0.11", "Port": 8080,
         "Tags": ["v1", "primary"], "Meta": {"version": "1.4.2"}}""");
  }

  @AfterAll
  static void stop() {
    server.close();
    upstream.close();
  }

  private static List<String> answer(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }

  @Test
  void foreignNamesAreForwardedAndOursComeFromTheRegistry() throws Exception {
    Message forwarded = query(dns, false, "www.example.test.", Type.A);
    assertThat(forwarded.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer(forwarded)).containsExactly("192.0.2.80");
    assertThat(forwarded.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(forwarded.getHeader().getFlag(Flags.AA)).isFalse();

    Message ours = query(dns, false, "user-service.service.local.", Type.A);
    assertThat(answer(ours)).containsExactly("10.0.0.11");
    assertThat(ours.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(ours.getHeader().getFlag(Flags.RA)).as("recursion is available to loopback").isTrue();

    assertThat(query(dns, false, "nothing.example.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aZoneFileAnswersBesideTheRegistry() throws Exception {
    Message gw = query(dns, false, "gw.infra.service.local.", Type.A);
    assertThat(answer(gw)).containsExactly("10.0.0.254");
    assertThat(gw.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(query(dns, false, "nope.infra.service.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aServiceNamedUnderAZoneFilesOriginIsRefusedWith409NamingTheFile() throws Exception {
    var refused = http(api, "PUT", "/v1/agent/service/register", "{\"ID\": \"infra-1\", \"Name\": \"infra\"}");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("infra.zone").contains("origin infra.service.local.");
    assertThat(http(api, "GET", "/v1/agent/service/infra-1", null).statusCode()).isEqualTo(404);
    assertThat(server.reloadZones()).startsWith("serving 1 zone file");
  }

  @Test
  void aZoneFileAddedOverARegisteredServiceStartsAndTheFileAnswersItsNames(@TempDir Path data) throws Exception {
    try (SignpostServer first = TestClients.startServer(data)) {
      register(first.httpAddress(), "{\"ID\": \"infra-1\", \"Name\": \"infra\", \"Address\": \"10.9.9.9\"}");
    }
    // Before, this start failed: the registration acknowledged above clashed with the new file.
    try (SignpostServer second = TestClients.startServer(data, "--zone-file", dir.resolve("infra.zone").toString())) {
      assertThat(answer(query(second.dnsAddress(), false, "infra.service.local.", Type.NS)))
          .containsExactly("ns.infra.service.local.");
      assertThat(http(second.httpAddress(), "GET", "/v1/agent/service/infra-1", null).statusCode()).isEqualTo(200);
      // Its instances may still be updated: a zone file added later does not lock a running service out.
      register(second.httpAddress(), "{\"ID\": \"infra-2\", \"Name\": \"infra\", \"Address\": \"10.9.9.8\"}");
    }
  }

  @Test
  void dnsSdBrowseGivesEachInstancesPortAndMetadata() throws Exception {
    assertThat(answer(query(dns, false, "_services._dns-sd._udp.service.local.", Type.PTR)))
        .contains("_user-service._tcp.service.local.");
    List<String> instances = answer(query(dns, false, "_user-service._tcp.service.local.", Type.PTR));
    assertThat(instances).containsExactly("user-1._user-service._tcp.service.local.");
    assertThat(answer(query(dns, false, instances.get(0), Type.SRV)))
        .containsExactly("1 1 8080 0a00000b-8080.addr.service.local.");
    assertThat(answer(query(dns, false, instances.get(0), Type.TXT)))
        .containsExactly("\"version=1.4.2\" \"tags=v1,primary\"");
  }

  @Test
  void aReverseLookupOfAnInstanceAddressNamesItsService() throws Exception {
    Message ptr = query(dns, false, ReverseMap.fromAddress("10.0.0.11").toString(), Type.PTR);
    assertThat(answer(ptr)).containsExactly("user-service.service.local.");
  }

  @Test
  void chaosVersionBindSaysWhatWasConfigured() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    Message m = TestClients.resolver(dns, false).send(q);
    assertThat(answer(m)).containsExactly("\"signpost-test\"");
  }

  @Test
  void metricsCountQueriesByTypeAndResponseCode() throws Exception {
    query(dns, false, "user-service.service.local.", Type.A);
    String before = http(api, "GET", "/metrics", null).body();
    query(dns, false, "user-service.service.local.", Type.A);
    String after = http(api, "GET", "/metrics", null).body();
    assertThat(count(after)).isGreaterThan(count(before));
    assertThat(after).contains("signpost_registry_services").contains("signpost_health_checks_total")
        .contains("signpost_health_probes_held_back_total").contains("signpost_health_probes_timed_out_total");
  }

  @Test
  void metricsSayWhichVersionRuns() throws Exception {
    assertThat(http(api, "GET", "/metrics", null).body().lines())
        .contains("signpost_build_info{version=\"" + dev.signpost.core.SignpostVersion.current() + "\"} 1");
  }

  /** The counter of A queries answered NOERROR over UDP, from a Prometheus scrape. */
  private static double count(String scrape) {
    return scrape.lines()
        .filter(l -> l.startsWith("signpost_dns_queries_total{") && l.contains("rcode=\"NOERROR\"")
            && l.contains("type=\"A\"") && l.contains("transport=\"udp\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void aClientNotAllowedToRecurseIsRefusedAndSeesNoRa(@TempDir Path other) throws Exception {
    try (SignpostServer strict = TestClients.startServer(other, "--upstream",
        TestClients.hostPort(upstream.dnsAddress()), "--recursion-allow", "192.0.2.0/24")) {
      Message refused = query(strict.dnsAddress(), false, "www.example.test.", Type.A);
      assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(refused.getHeader().getFlag(Flags.RA)).isFalse();
      assertThat(query(strict.dnsAddress(), false, "service.local.", Type.SOA).getHeader().getFlag(Flags.RA)).isFalse();
    }
  }
}
