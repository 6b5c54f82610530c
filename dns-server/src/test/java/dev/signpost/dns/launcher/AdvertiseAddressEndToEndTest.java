package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code --advertise-addr}: the address DNS gives for this server, in the zone's NS glue and as this node's, rather
 * than the address it listens on (here loopback; on {@code 0.0.0.0} the same option chooses the same way, and tests
 * bind loopback only).
 */
class AdvertiseAddressEndToEndTest {

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir, "--advertise-addr", "192.0.2.10", "--node-name", "alpha");
    dns = server.dnsAddress();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> rdata(Message m, int section, int type) {
    return m.getSection(section).stream().filter(r -> r.getType() == type).map(Record::rdataToString).toList();
  }

  @Test
  void theZonesNsGlueSaysTheAdvertisedAddress() throws Exception {
    Message ns = query(dns, false, "service.local.", Type.NS);
    assertThat(ns.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> names = rdata(ns, Section.ANSWER, Type.NS);
    assertThat(names).hasSize(1);
    assertThat(rdata(ns, Section.ADDITIONAL, Type.A)).containsExactly("192.0.2.10");
    assertThat(rdata(query(dns, false, names.get(0), Type.A), Section.ANSWER, Type.A)).containsExactly("192.0.2.10");
  }

  @Test
  void theSoaNamesTheNameServerThatTheAdvertisedAddressAnswers() throws Exception {
    Message soa = query(dns, false, "service.local.", Type.SOA);
    SOARecord record = (SOARecord) soa.getSection(Section.ANSWER).get(0);
    assertThat(rdata(query(dns, false, record.getHost().toString(), Type.A), Section.ANSWER, Type.A))
        .containsExactly("192.0.2.10");
  }

  @Test
  void thisNodesNameAnswersTheAdvertisedAddress() throws Exception {
    assertThat(rdata(query(dns, false, "alpha.node.local.", Type.A), Section.ANSWER, Type.A))
        .containsExactly("192.0.2.10");
  }
}
