package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The real server on ephemeral loopback ports: registered over HTTP, resolved over UDP and TCP. */
class EndToEndTest {

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir);
    dns = server.dnsAddress();
    api = server.httpAddress();
    register(api, """
        {"ID": "user-1", "Name": "user-service", "Address": "10.0.0.1", "Port": 8080, "Tags": ["v1", "primary"]}""");
    register(api, """
        {"ID": "user-2", "Name": "user-service", "Address": "10.0.0.2", "Port": 8081, "Tags": ["v2"]}""");
    register(api, """
        {"ID": "user-3", "Name": "user-service", "Address": "2001:db8::3", "Port": 8082, "Tags": ["v2"]}""");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> rdata(Message m, int section) {
    return m.getSection(section).stream().map(Record::rdataToString).sorted().collect(Collectors.toList());
  }

  @ParameterizedTest(name = "over TCP: {0}")
  @ValueSource(booleans = {false, true})
  void registeredServiceIsResolvableAsAAndAaaa(boolean tcp) throws Exception {
    Message a = query(dns, tcp, "user-service.service.local.", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(rdata(a, Section.ANSWER)).containsExactly("10.0.0.1", "10.0.0.2");
    Message aaaa = query(dns, tcp, "user-service.service.local.", Type.AAAA);
    assertThat(rdata(aaaa, Section.ANSWER)).containsExactly("2001:db8:0:0:0:0:0:3");
  }

  @ParameterizedTest(name = "over TCP: {0}")
  @ValueSource(booleans = {false, true})
  void rfc2782SrvListsPortsAndResolvableTargets(boolean tcp) throws Exception {
    Message srv = query(dns, tcp, "_user-service._tcp.service.local.", Type.SRV);
    assertThat(rdata(srv, Section.ANSWER)).containsExactly(
        "1 1 8080 0a000001-8080.addr.service.local.",
        "1 1 8081 0a000002-8081.addr.service.local.",
        "1 1 8082 20010db8000000000000000000000003-8082.addr.service.local.");
    assertThat(rdata(srv, Section.ADDITIONAL)).contains("10.0.0.1", "10.0.0.2", "2001:db8:0:0:0:0:0:3");
    // Each target resolves on its own too, as a client following the SRV would ask.
    for (Record r : srv.getSection(Section.ANSWER)) {
      Name target = ((SRVRecord) r).getTarget();
      int type = target.getLabelString(0).indexOf('-') == 8 ? Type.A : Type.AAAA;
      assertThat(query(dns, tcp, target.toString(), type).getSection(Section.ANSWER)).hasSize(1);
    }
  }

  @Test
  void tagLookupsFilterInBothForms() throws Exception {
    assertThat(rdata(query(dns, false, "v2.user-service.service.local.", Type.SRV), Section.ANSWER))
        .containsExactly("1 1 8081 0a000002-8081.addr.service.local.",
            "1 1 8082 20010db8000000000000000000000003-8082.addr.service.local.");
    assertThat(rdata(query(dns, false, "_user-service._v1.service.local.", Type.SRV), Section.ANSWER))
        .containsExactly("1 1 8080 0a000001-8080.addr.service.local.");
    assertThat(rdata(query(dns, false, "primary.v1.user-service.service.local.", Type.A), Section.ANSWER))
        .containsExactly("10.0.0.1");
  }

  @Test
  void unknownNamesGetNxdomainWithSoaInAuthority() throws Exception {
    Message m = query(dns, false, "no-such-service.service.local.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
  }

  @Test
  void knownNamesWithoutTheTypeAndEmptyNonTerminalsGetNodata() throws Exception {
    for (String name : List.of("user-service.service.local.", "_tcp.service.local.", "_v2.service.local.")) {
      Message m = query(dns, false, name, Type.TXT);
      assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER)).as(name).isEmpty();
      assertThat(m.getSection(Section.AUTHORITY)).as(name).singleElement()
          .extracting(Record::getType).isEqualTo(Type.SOA);
    }
  }

  @Test
  void apexAnswersSoaAndNs() throws Exception {
    Message soa = query(dns, false, "service.local.", Type.SOA);
    assertThat(soa.getSection(Section.ANSWER)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    Message ns = query(dns, true, "service.local.", Type.NS);
    assertThat(rdata(ns, Section.ANSWER)).containsExactly("7f000001.addr.service.local.");
    assertThat(rdata(ns, Section.ADDITIONAL)).contains("127.0.0.1");
  }

  @Test
  void answersEchoTheQuestionsCase() throws Exception {
    Message m = query(dns, false, "USER-Service.Service.LOCAL.", Type.A);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("USER-Service.Service.LOCAL.");
    assertThat(m.getSection(Section.ANSWER)).allSatisfy(
        r -> assertThat(r.getName().toString()).isEqualTo("USER-Service.Service.LOCAL."));
  }

  @Test
  void namesOutsideTheZoneAreRefused() throws Exception {
    Message m = query(dns, false, "www.example.org.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void registrationIsAnsweredImmediatelyAndDeregistrationRemovesIt() throws Exception {
    register(api, "{\"Name\": \"quick\", \"Address\": \"10.1.0.1\", \"Port\": 1}");
    assertThat(rdata(query(dns, false, "quick.service.local.", Type.A), Section.ANSWER)).containsExactly("10.1.0.1");
    assertThat(http(api, "PUT", "/v1/agent/service/deregister/quick", null).statusCode()).isEqualTo(200);
    assertThat(query(dns, false, "quick.service.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aServiceOfAnExternalNodeAndTheNodesNameAreAnsweredAtItsAddressUntilTheNodeLeaves()
      throws Exception {
    var registered = http(api, "PUT", "/v1/catalog/register", """
        {"Node": "ext-db", "Address": "10.3.0.5",
         "Service": {"ID": "ext-pg-1", "Service": "ext-pg", "Port": 5432},
         "Check": {"CheckID": "ext-pg-alive", "Status": "passing", "ServiceID": "ext-pg-1"}}""");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

    assertThat(rdata(query(dns, false, "ext-pg.service.local.", Type.A), Section.ANSWER)).containsExactly("10.3.0.5");
    Message srv = query(dns, true, "_ext-pg._tcp.service.local.", Type.SRV);
    assertThat(rdata(srv, Section.ANSWER)).containsExactly("1 1 5432 0a030005-5432.addr.service.local.");
    assertThat(rdata(srv, Section.ADDITIONAL)).contains("10.3.0.5");
    assertThat(rdata(query(dns, false, "Ext-DB.node.local.", Type.A), Section.ANSWER)).containsExactly("10.3.0.5");
    assertThat(rdata(query(dns, false, "ext-db.node.dc1.local.", Type.A), Section.ANSWER))
        .containsExactly("10.3.0.5");

    var critical = http(api, "PUT", "/v1/catalog/register", """
        {"Node": "ext-db", "SkipNodeUpdate": true,
         "Check": {"CheckID": "ext-pg-alive", "Status": "critical", "ServiceID": "ext-pg-1"}}""");
    assertThat(critical.statusCode()).as(critical.body()).isEqualTo(200);
    assertThat(query(dns, false, "ext-pg.service.local.", Type.A).getSection(Section.ANSWER)).isEmpty();

    assertThat(http(api, "PUT", "/v1/catalog/deregister", "{\"Node\": \"ext-db\"}").statusCode()).isEqualTo(200);
    assertThat(query(dns, false, "ext-pg.service.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(query(dns, false, "ext-db.node.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void emptyAddressMeansTheCallersAddress() throws Exception {
    register(api, "{\"Name\": \"local-caller\", \"Port\": 7000}");
    assertThat(rdata(query(dns, false, "local-caller.service.local.", Type.A), Section.ANSWER))
        .containsExactly("127.0.0.1");
  }

  @Test
  void invalidRegistrationsGet400NamingTheProblemAndChangeNothing() throws Exception {
    long before = server.discovery().index();
    var bad = http(api, "PUT", "/v1/agent/service/register", "{\"Name\": \"bad_name\", \"Port\": 80}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("bad_name").contains("DNS label");
    var port = http(api, "PUT", "/v1/agent/service/register", "{\"Name\": \"web\", \"Port\": 70000}");
    assertThat(port.statusCode()).isEqualTo(400);
    assertThat(port.body()).contains("Port");
    assertThat(server.discovery().index()).isEqualTo(before);
  }

  @Test
  void answersTooLargeForUdpAreTruncatedAndCompleteOverTcp() throws Exception {
    for (int i = 1; i <= 40; i++) {
      register(api, "{\"ID\": \"big-" + i + "\", \"Name\": \"big\", \"Address\": \"10.2.0." + i
          + "\", \"Port\": " + (9000 + i) + "}");
    }
    // No EDNS: 40 SRV records and their glue need far more than 512 bytes.
    Message plain = TestClients.plainUdpQuery(dns, "_big._tcp.service.local.", Type.SRV);
    assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.getOPT()).isNull();
    assertThat(plain.numBytes()).isLessThanOrEqualTo(512);
    // EDNS with 1232 bytes: still too large, still truncated, OPT kept.
    Message edns = TestClients.ednsUdpQuery(dns, "_big._tcp.service.local.", Type.SRV,
        new OPTRecord(4096, 0, 0));
    assertThat(edns.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(edns.getOPT()).isNotNull();
    assertThat(edns.getOPT().getPayloadSize()).isEqualTo(1232);
    // Over TCP the whole answer arrives.
    Message full = query(dns, true, "_big._tcp.service.local.", Type.SRV);
    assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(full.getSection(Section.ANSWER)).hasSize(40);
    // A query small enough for 512 bytes is not truncated, and has no OPT when the query had none.
    Message small = TestClients.plainUdpQuery(dns, "user-service.service.local.", Type.A);
    assertThat(small.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(small.getOPT()).isNull();
  }

  @Test
  void ednsVersionAboveZeroGetsBadvers() throws Exception {
    Message m = TestClients.ednsUdpQuery(dns, "user-service.service.local.", Type.A, new OPTRecord(1232, 0, 1));
    assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(m.getOPT()).isNotNull();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void otherOpcodesGetNotimp() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("user-service.service.local."), Type.A, DClass.IN));
    q.getHeader().setOpcode(Opcode.STATUS);
    Message m = new Message(TestClients.exchange(dns, q.toWire(), true));
    assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
  }

  @Test
  void otherClassesAreRefused() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("user-service.service.local."), Type.A, DClass.CH));
    assertThat(new Message(TestClients.exchange(dns, q.toWire(), true)).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void malformedQueriesGetFormerrOrSilenceAndTheListenerKeepsServing() throws Exception {
    // A header that promises a question the packet does not hold: FORMERR with the same id.
    byte[] lying = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x05, 'a'};
    Message formerr = new Message(TestClients.exchange(dns, lying, true));
    assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
    // Two questions: FORMERR.
    Message two = Message.newQuery(Record.newRecord(Name.fromString("a.service.local."), Type.A, DClass.IN));
    two.addRecord(Record.newRecord(Name.fromString("b.service.local."), Type.A, DClass.IN), Section.QUESTION);
    assertThat(new Message(TestClients.exchange(dns, two.toWire(), true)).getRcode()).isEqualTo(Rcode.FORMERR);
    // Shorter than a header, or a response: no reply at all.
    assertThat(TestClients.exchange(dns, new byte[] {1, 2, 3}, false)).isNull();
    byte[] response = query(dns, false, "user-service.service.local.", Type.A).toWire();
    assertThat(TestClients.exchange(dns, response, false)).isNull();
    // A compression pointer that points at itself.
    byte[] loop = {0x00, 0x07, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0x0C, 0, 1, 0, 1};
    assertThat(new Message(TestClients.exchange(dns, loop, true)).getRcode()).isEqualTo(Rcode.FORMERR);
    // And the server still answers properly, on both transports.
    assertThat(rdata(query(dns, false, "user-service.service.local.", Type.A), Section.ANSWER)).hasSize(2);
    assertThat(rdata(query(dns, true, "user-service.service.local.", Type.A), Section.ANSWER)).hasSize(2);
  }

  @Test
  void pipelinedTcpQueriesAreAllAnswered() throws Exception {
    try (Socket socket = new Socket(dns.getAddress(), dns.getPort())) {
      socket.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      Set<Integer> ids = new java.util.HashSet<>();
      for (int i = 0; i < 5; i++) {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("user-service.service.local."), Type.A, DClass.IN));
        ids.add(q.getHeader().getID());
        byte[] wire = q.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Set<Integer> answered = new java.util.HashSet<>();
      for (int i = 0; i < 5; i++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        Message m = new Message(reply);
        assertThat(m.getSection(Section.ANSWER)).hasSize(2);
        answered.add(m.getHeader().getID());
      }
      assertThat(answered).isEqualTo(ids);
    }
  }

  @Test
  void roundRobinRotatesTheFirstAnswer() throws Exception {
    Set<String> firsts = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++) {
      Message m = query(dns, false, "user-service.service.local.", Type.A);
      firsts.add(((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    }
    assertThat(firsts).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
  }

  @Test
  void theDnsAddressIsLoopback() {
    assertThat(dns.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
  }
}
