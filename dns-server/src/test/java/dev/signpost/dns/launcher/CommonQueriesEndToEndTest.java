package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The common queries (A, AAAA and SRV of a service, which the server answers from bytes) over real loopback
 * sockets, asked by dnsjava's resolver with and without EDNS, over UDP and TCP, in any letter case.
 */
class CommonQueriesEndToEndTest {

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir);
    dns = server.dnsAddress();
    register(Instance.of("pay-1", "pay", "10.20.0.1", 8443, List.of()));
    register(Instance.of("pay-2", "pay", "10.20.0.2", 8444, List.of()));
    register(Instance.of("pay-3", "pay", "2001:db8::20", 8445, List.of()));
    register(Instance.of("one-1", "one", "10.21.0.1", 80, List.of()));
    register(Instance.of("one-2", "one", "10.21.0.1", 81, List.of()));
    for (int i = 1; i <= 12; i++) {
      register(Instance.of(String.format("bulk-%02d", i), "bulk", "10.22.0." + i, 9000 + i, List.of()));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void register(Instance instance) {
    server.discovery().register(instance).toCompletableFuture().join();
  }

  /** dnsjava's resolver: over TCP or UDP, with EDNS (payload 1232, DO as given) or without. */
  private static Message ask(String mode, String qname, int type) throws Exception {
    SimpleResolver resolver = TestClients.resolver(dns, mode.startsWith("TCP"));
    if (mode.endsWith("EDNS DO")) {
      resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
    } else if (mode.endsWith("EDNS")) {
      resolver.setEDNS(0, 1232, 0, List.of());
    } else {
      resolver.setEDNS(-1, 0, 0, List.of());
    }
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN)));
  }

  /** A section's records as zone-file lines, sorted (round-robin rotates them); OPT left out. */
  private static List<String> sorted(Message m, int section) {
    return m.getSection(section).stream().filter(r -> !(r instanceof OPTRecord))
        .map(r -> r.toString().replaceAll("\\s+", " ")).sorted().toList();
  }

  private static void assertCompleteAuthoritativeAnswer(Message m, String mode, String qname) {
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getQuestion().getName().toString()).as("the question keeps its case").isEqualTo(qname);
    assertThat(m.getOPT() != null).as("OPT exactly when the query had one").isEqualTo(mode.contains("EDNS"));
    if (mode.endsWith("EDNS DO")) {
      assertThat(m.getOPT().getFlags() & ExtendedFlags.DO).as("DO copied").isEqualTo(ExtendedFlags.DO);
      assertThat(m.getOPT().getPayloadSize()).isEqualTo(1232);
    }
  }

  @ParameterizedTest(name = "{1} A over {0}")
  @CsvSource({
      "UDP, pay.service.local.", "UDP, PaY.SeRvIcE.LoCaL.", "UDP EDNS, PAY.SERVICE.LOCAL.",
      "UDP EDNS DO, pAy.service.local.", "TCP, Pay.Service.Local.", "TCP EDNS, pay.SERVICE.local."})
  void addressQuestionsGetEveryAddressOfTheirFamilyOwnedByTheNameAsAsked(String mode, String qname)
      throws Exception {
    Message a = ask(mode, qname, Type.A);
    assertCompleteAuthoritativeAnswer(a, mode, qname);
    assertThat(sorted(a, Section.ANSWER)).containsExactly(
        qname + " " + ttl() + " IN A 10.20.0.1",
        qname + " " + ttl() + " IN A 10.20.0.2");
    Message aaaa = ask(mode, qname, Type.AAAA);
    assertCompleteAuthoritativeAnswer(aaaa, mode, qname);
    assertThat(sorted(aaaa, Section.ANSWER)).containsExactly(qname + " " + ttl() + " IN AAAA 2001:db8:0:0:0:0:0:20");
  }

  @ParameterizedTest(name = "{1} SRV over {0}")
  @CsvSource({
      "UDP, _pay._tcp.service.local.", "UDP, _PAY._TCP.Service.Local.", "UDP EDNS, _Pay._Udp.SERVICE.LOCAL.",
      "UDP EDNS DO, pay.service.local.", "TCP, _pAy._tCp.service.local.", "TCP EDNS DO, PAY.service.local."})
  void srvQuestionsGetPortsTargetsAndOneGlueRecordPerAddress(String mode, String qname) throws Exception {
    Message m = ask(mode, qname, Type.SRV);
    assertCompleteAuthoritativeAnswer(m, mode, qname);
    long ttl = ttl();
    assertThat(sorted(m, Section.ANSWER)).containsExactly(
        qname + " " + ttl + " IN SRV 1 1 8443 0a140001-8443.addr.service.local.",
        qname + " " + ttl + " IN SRV 1 1 8444 0a140002-8444.addr.service.local.",
        qname + " " + ttl + " IN SRV 1 1 8445 20010db8000000000000000000000020-8445.addr.service.local.");
    // Glue owners point at the domain inside the question, so they take its letter case.
    assertThat(sorted(m, Section.ADDITIONAL).stream().map(s -> s.replaceFirst("(?i)\\.service\\.local\\. ",
        ".service.local. "))).containsExactly(
        "0a140001-8443.addr.service.local. " + ttl + " IN A 10.20.0.1",
        "0a140002-8444.addr.service.local. " + ttl + " IN A 10.20.0.2",
        "20010db8000000000000000000000020-8445.addr.service.local. " + ttl + " IN AAAA 2001:db8:0:0:0:0:0:20");
  }

  @ParameterizedTest(name = "over {0}")
  @CsvSource({"UDP", "UDP EDNS", "TCP"})
  void twoInstancesOnOneAddressGetATargetAndAGlueRecordEach(String mode) throws Exception {
    Message m = ask(mode, "_ONE._tcp.service.local.", Type.SRV);
    assertCompleteAuthoritativeAnswer(m, mode, "_ONE._tcp.service.local.");
    assertThat(m.getSection(Section.ANSWER)).hasSize(2);
    assertThat(sorted(m, Section.ADDITIONAL)).containsExactly(
        "0a150001-80.addr.service.local. " + ttl() + " IN A 10.21.0.1",
        "0a150001-81.addr.service.local. " + ttl() + " IN A 10.21.0.1");
  }

  /** Twelve SRV records and their glue need more than 512 bytes and less than 1232. */
  @Test
  void aLargeSrvAnswerIsTruncatedWithoutEdnsAndWholeWithEdnsAndOverTcp() throws Exception {
    Message plain = ask("UDP", "_bulk._tcp.service.local.", Type.SRV);
    assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.numBytes()).isLessThanOrEqualTo(512);
    assertThat(plain.getOPT()).isNull();

    Message edns = ask("UDP EDNS", "_Bulk._TCP.service.local.", Type.SRV);
    assertCompleteAuthoritativeAnswer(edns, "UDP EDNS", "_Bulk._TCP.service.local.");
    assertThat(edns.getSection(Section.ANSWER)).hasSize(12);
    assertThat(sorted(edns, Section.ADDITIONAL)).hasSize(12).doesNotHaveDuplicates();
    assertThat(edns.numBytes()).isGreaterThan(512).isLessThanOrEqualTo(1232);

    Message tcp = ask("TCP", "_bulk._tcp.service.local.", Type.SRV);
    assertCompleteAuthoritativeAnswer(tcp, "TCP", "_bulk._tcp.service.local.");
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(12);
    assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(12);
  }

  /** A raw datagram with the query's id and RD cleared: the encoded reply keeps the id and leaves RD clear. */
  @Test
  void theReplyKeepsTheQuerysIdAndItsRdFlag() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("pay.service.local."), Type.AAAA, DClass.IN));
    q.getHeader().setID(0x2a2a);
    q.getHeader().unsetFlag(Flags.RD);
    Message m = new Message(TestClients.exchange(dns, q.toWire(), true));
    assertThat(m.getHeader().getID()).isEqualTo(0x2a2a);
    assertThat(m.getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RA)).as("no recursion without an upstream").isFalse();
    assertThat(sorted(m, Section.ANSWER)).containsExactly("pay.service.local. " + ttl() + " IN AAAA 2001:db8:0:0:0:0:0:20");
  }

  private static long ttl() {
    return server.zone().ttl();
  }
}
