package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A team coming from Consul: the real server with {@code --domain service.consul --datacenter dc1}, an instance
 * registered over HTTP, and Consul's names over real loopback sockets: the datacenter form, the node form, the
 * parent's apex, NXDOMAIN with {@code consul.}'s SOA for another datacenter, and a zone file under
 * {@code consul.} winning for its own names.
 */
class ConsulFormsEndToEndTest {

  @TempDir
  static Path dir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    Path zoneFile = dir.resolve("infra.zone");
    Files.writeString(zoneFile, """
        $ORIGIN infra.consul.
        $TTL 300
        @   IN SOA ns hostmaster 7 3600 600 86400 60
        @   IN NS  ns
        ns  IN A   10.0.0.53
        gw  IN A   10.0.0.254
        """);
    server = TestClients.startServer(Files.createDirectories(dir.resolve("data")), "--domain", "service.consul",
        "--datacenter", "dc1", "--node-name", "signpost-1", "--zone-file", zoneFile.toString());
    dns = server.dnsAddress();
    register(server.httpAddress(), """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 8080, "Tags": ["v1"]}""");
    register(server.httpAddress(), """
        {"ID": "web-2", "Name": "web", "Address": "10.0.0.2", "Port": 8081}""");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> rdata(Message m, int section) {
    return m.getSection(section).stream().map(Record::rdataToString).sorted().toList();
  }

  private static SOARecord authoritySoa(Message m) {
    return (SOARecord) m.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.SOA)
        .findFirst().orElseThrow(() -> new AssertionError("no SOA in authority: " + m));
  }

  @ParameterizedTest(name = "over TCP: {0}")
  @ValueSource(booleans = {false, true})
  void theDatacenterFormAnswersAAndSrvForOurDatacenter(boolean tcp) throws Exception {
    Message a = query(dns, tcp, "web.service.dc1.consul.", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(rdata(a, Section.ANSWER)).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(a.getSection(Section.ANSWER)).allSatisfy(
        r -> assertThat(r.getName()).isEqualTo(Name.fromString("web.service.dc1.consul.")));

    Message srv = query(dns, tcp, "web.service.dc1.consul.", Type.SRV);
    assertThat(rdata(srv, Section.ANSWER)).containsExactly(
        "1 1 8080 0a000001-8080.addr.service.consul.", "1 1 8081 0a000002-8081.addr.service.consul.");
    assertThat(rdata(srv, Section.ADDITIONAL)).contains("10.0.0.1", "10.0.0.2");
  }

  @Test
  void theRfc2782DatacenterFormAnswersSrvWithTargetsThatResolve() throws Exception {
    Message srv = query(dns, false, "_web._tcp.service.dc1.consul.", Type.SRV);
    assertThat(srv.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(srv, Section.ANSWER)).containsExactly(
        "1 1 8080 0a000001-8080.addr.service.consul.", "1 1 8081 0a000002-8081.addr.service.consul.");
    for (Record r : srv.getSection(Section.ANSWER)) {
      assertThat(query(dns, false, ((SRVRecord) r).getTarget().toString(), Type.A).getSection(Section.ANSWER))
          .hasSize(1);
    }
    assertThat(rdata(query(dns, false, "_web._v1.service.DC1.consul.", Type.SRV), Section.ANSWER))
        .containsExactly("1 1 8080 0a000001-8080.addr.service.consul.");
    assertThat(rdata(query(dns, false, "v1.web.service.dc1.consul.", Type.A), Section.ANSWER))
        .containsExactly("10.0.0.1");
  }

  @Test
  void anotherDatacenterIsNxdomainWithTheParentsSoa() throws Exception {
    for (String name : List.of("web.service.dc2.consul.", "_web._tcp.service.dc2.consul.", "nothing.consul.")) {
      Message m = query(dns, false, name, Type.A);
      assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
      assertThat(m.getHeader().getFlag(Flags.AA)).as(name).isTrue();
      assertThat(authoritySoa(m).getName()).as(name).isEqualTo(Name.fromString("consul."));
    }
    // Under the domain, the domain's SOA as before.
    assertThat(authoritySoa(query(dns, false, "nothing.service.consul.", Type.A)).getName())
        .isEqualTo(Name.fromString("service.consul."));
  }

  @Test
  void thisNodesNameAnswersItsAddressWithAndWithoutTheDatacenter() throws Exception {
    for (String name : List.of("signpost-1.node.consul.", "Signpost-1.node.dc1.consul.")) {
      Message m = query(dns, false, name, Type.A);
      assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
      assertThat(rdata(m, Section.ANSWER)).as(name).containsExactly("127.0.0.1");
    }
    Message aaaa = query(dns, false, "signpost-1.node.consul.", Type.AAAA);
    assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
    assertThat(query(dns, false, "other.node.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void theParentsApexAnswersSoaAndNsAtTheRegistrysSerial() throws Exception {
    Message soa = query(dns, true, "consul.", Type.SOA);
    assertThat(soa.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
      assertThat(r.getName()).isEqualTo(Name.fromString("consul."));
      assertThat(((SOARecord) r).getSerial()).isEqualTo(server.discovery().index());
    });
    assertThat(rdata(query(dns, false, "consul.", Type.NS), Section.ANSWER))
        .containsExactly("7f000001.addr.service.consul.");
  }

  @Test
  void aZoneFileUnderTheParentWinsForItsNames() throws Exception {
    assertThat(rdata(query(dns, false, "gw.infra.consul.", Type.A), Section.ANSWER)).containsExactly("10.0.0.254");
    Message missing = query(dns, false, "nothing.infra.consul.", Type.A);
    assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(authoritySoa(missing).getName()).isEqualTo(Name.fromString("infra.consul."));
  }
}
