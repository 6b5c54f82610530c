package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Thousands of random and mutated packets, over UDP and TCP, then an ordinary query: it must get the right
 * answer. Whatever arrives, the listener keeps serving. Then TSIG records broken on purpose, each answered as RFC
 * 8945 says, on a TCP connection that stays open and serves the next query.
 */
class MalformedPacketsTest {

  private static final int PACKETS = 4000;
  private static final String SECRET = "c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE=";
  private static final Name KEY_NAME = Name.fromConstantString("xfr.");

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir, "--tsig-key", "xfr:hmac-sha256:" + SECRET);
    dns = server.dnsAddress();
    register(server.httpAddress(), """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 80}""");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A well-formed query to mutate: with EDNS, a compressed-looking name, several labels. */
  private static byte[] seed() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("v1.web.service.local."), Type.SRV, DClass.IN));
    q.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return q.toWire();
  }

  static byte[] mangle(byte[] seed, SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0: { // random bytes of a random length
        byte[] b = new byte[random.nextInt(0, 600)];
        random.nextBytes(b);
        return b;
      }
      case 1: { // a truncated query
        return java.util.Arrays.copyOf(seed, random.nextInt(0, seed.length));
      }
      case 2: { // a compression pointer that points at itself, or forward, in the question name
        byte[] b = seed.clone();
        int at = 12 + random.nextInt(0, 6);
        b[at] = (byte) 0xC0;
        b[at + 1] = (byte) (random.nextBoolean() ? at : random.nextInt(0, 256));
        return b;
      }
      case 3: { // an oversized label length
        byte[] b = seed.clone();
        b[12] = (byte) random.nextInt(64, 256);
        return b;
      }
      case 4: { // header counts that lie
        byte[] b = seed.clone();
        b[4] = (byte) random.nextInt(256);
        b[5] = (byte) random.nextInt(256);
        b[10] = (byte) random.nextInt(256);
        b[11] = (byte) random.nextInt(256);
        return b;
      }
      default: { // a few random bytes flipped anywhere
        byte[] b = seed.clone();
        for (int i = random.nextInt(1, 6); i > 0; i--) {
          b[random.nextInt(b.length)] ^= (byte) random.nextInt(1, 256);
        }
        return b;
      }
    }
  }

  @Test
  void randomAndMutatedPacketsNeverStopTheListener() throws Exception {
    SplittableRandom random = new SplittableRandom(20261123);
    byte[] seed = seed();
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(dns.getAddress(), 0))) {
      for (int i = 0; i < PACKETS; i++) {
        byte[] packet = mangle(seed, random);
        udp.send(new DatagramPacket(packet, packet.length, dns));
      }
    }
    // Over TCP too: each framed garbage message on its own connection, and some framing that lies.
    for (int i = 0; i < 50; i++) {
      try (Socket tcp = new Socket(dns.getAddress(), dns.getPort())) {
        tcp.setSoTimeout(2000);
        DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
        byte[] packet = mangle(seed, random);
        out.writeShort(i % 10 == 0 ? packet.length + 100 : packet.length);
        out.write(packet);
        out.flush();
      }
    }

    for (boolean overTcp : new boolean[] {false, true}) {
      Message m = query(dns, overTcp, "web.service.local.", Type.A);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.1");
    }
  }

  /**
   * Each broken TSIG gets its error (RFC 8945: FORMERR for a record that cannot be read, is misplaced or doubled, or
   * whose MAC has a size its algorithm forbids; NOTAUTH/BADKEY for a key we do not know), over TCP on a connection
   * that then answers an ordinary query, and over UDP, after which an ordinary query is answered too. TC set in a
   * query makes dnsjava keep a message whose sections it could not read whole: those must not slip through either.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenTsigs")
  void aBrokenTsigGetsItsErrorAndEveryOtherQueryItsAnswer(String what, byte[] packet, int rcode) throws Exception {
    try (Socket tcp = new Socket(dns.getAddress(), dns.getPort())) {
      tcp.setSoTimeout(5000);
      assertThat(new Message(exchange(tcp, packet)).getRcode()).as("the reply over TCP").isEqualTo(rcode);
      Message next = new Message(exchange(tcp, plainQuery(0x4242)));
      assertThat(next.getHeader().getID()).isEqualTo(0x4242);
      assertThat(next.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.1");
    }
    assertThat(new Message(TestClients.exchange(dns, packet, true)).getRcode()).as("the reply over UDP")
        .isEqualTo(rcode);
    Message m = query(dns, false, "web.service.local.", Type.A);
    assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.1");
  }

  static Stream<Arguments> brokenTsigs() throws IOException {
    byte[] signed = signed(plainQuery(0x1001));
    byte[] tsig = Arrays.copyOfRange(signed, plainQuery(0x1001).length, signed.length);
    byte[] address = new ARecord(Name.fromString("web.service.local."), DClass.IN, 5, new byte[] {10, 0, 0, 9})
        .toWire(Section.ADDITIONAL);
    byte[] randomName = new byte[12];
    new SplittableRandom(8945).nextBytes(randomName);
    randomName[0] = 10;
    randomName[11] = 0;
    return Stream.of(
        Arguments.of("a key name of random bytes", withAdditional(plainQuery(1), tsigRecord(randomName, 32, 32)),
            Rcode.NOTAUTH),
        Arguments.of("a key name pointing past the message", withAdditional(plainQuery(2),
            tsigRecord(new byte[] {(byte) 0xC0, (byte) 0xFF}, 32, 32)), Rcode.FORMERR),
        Arguments.of("a MAC size beyond the record", withAdditional(plainQuery(3), tsigRecord(KEY_NAME.toWire(),
            1024, 32)), Rcode.FORMERR),
        Arguments.of("a MAC size beyond the record, TC set", truncated(withAdditional(plainQuery(4),
            tsigRecord(KEY_NAME.toWire(), 1024, 32))), Rcode.FORMERR),
        Arguments.of("a MAC of 8 bytes", withAdditional(plainQuery(5), tsigRecord(KEY_NAME.toWire(), 8, 8)),
            Rcode.FORMERR),
        Arguments.of("a TSIG before another record", withAdditional(signed, address), Rcode.FORMERR),
        Arguments.of("a TSIG before another record, TC set", truncated(withAdditional(signed, address)),
            Rcode.FORMERR),
        Arguments.of("two TSIGs", withAdditional(signed, tsig), Rcode.FORMERR),
        Arguments.of("two TSIGs, TC set", truncated(withAdditional(signed, tsig)), Rcode.FORMERR));
  }

  /** RFC 5936 §4.2: AXFR is not for UDP, signed or not; the FORMERR is signed, as every signed query's reply is. */
  @Test
  void aSignedAxfrOverUdpGetsASignedFormerrAndTheListenerServesOn() throws Exception {
    Message axfr = Message.newQuery(Record.newRecord(Name.fromString("service.local."), Type.AXFR, DClass.IN));
    TSIG key = key(Clock.systemUTC());
    axfr.setTSIG(key, Rcode.NOERROR, null);
    byte[] wire = axfr.toWire(Message.MAXLENGTH);

    byte[] reply = TestClients.exchange(dns, wire, true);

    Message m = new Message(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(key.verify(m, reply, new Message(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
    assertThat(query(dns, false, "web.service.local.", Type.A).getSection(Section.ANSWER)).hasSize(1);
  }

  /** RFC 8945 §5.2.3: a clock ten minutes off gets BADTIME, signed so the client can trust our time in it. */
  @Test
  void aClockOutsideTheFudgeGetsABadtimeTheClientVerifies() throws Exception {
    Instant skewed = Instant.now().minus(Duration.ofMinutes(10));
    TSIG key = key(Clock.fixed(skewed, ZoneOffset.UTC));
    Message soa = Message.newQuery(Record.newRecord(Name.fromString("service.local."), Type.SOA, DClass.IN));
    soa.setTSIG(key, Rcode.NOERROR, null);
    byte[] wire = soa.toWire(Message.MAXLENGTH);

    for (boolean overTcp : new boolean[] {false, true}) {
      byte[] reply;
      if (overTcp) {
        try (Socket tcp = new Socket(dns.getAddress(), dns.getPort())) {
          tcp.setSoTimeout(5000);
          reply = exchange(tcp, wire);
        }
      } else {
        reply = TestClients.exchange(dns, wire, true);
      }
      Message m = new Message(reply);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
      assertThat(m.getTSIG().getError()).isEqualTo(Rcode.BADTIME);
      assertThat(m.getTSIG().getOther()).hasSize(6);
      assertThat(key.verify(m, reply, new Message(wire).getTSIG())).as("verified").isEqualTo(Rcode.NOERROR);
    }
  }

  private static TSIG key(Clock clock) {
    return new TSIG(TSIG.HMAC_SHA256, KEY_NAME, new SecretKeySpec(Base64.getDecoder().decode(SECRET), "RAW"), clock);
  }

  /** web.service.local. A, without EDNS, with this id. */
  private static byte[] plainQuery(int id) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("web.service.local."), Type.A, DClass.IN));
    q.getHeader().setID(id);
    return q.toWire();
  }

  private static byte[] signed(byte[] query) throws IOException {
    Message m = new Message(query);
    m.setTSIG(key(Clock.systemUTC()), Rcode.NOERROR, null);
    return m.toWire(Message.MAXLENGTH);
  }

  /** The message with these records' bytes appended to its additional section. */
  private static byte[] withAdditional(byte[] message, byte[]... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(message);
    for (byte[] r : records) {
      out.writeBytes(r);
    }
    byte[] b = out.toByteArray();
    int count = ((b[10] & 0xFF) << 8 | (b[11] & 0xFF)) + records.length;
    b[10] = (byte) (count >>> 8);
    b[11] = (byte) count;
    return b;
  }

  private static byte[] truncated(byte[] message) {
    message[2] |= 0x02;
    return message;
  }

  /** A TSIG record owned by {@code owner} (raw name bytes), its MAC Size field saying {@code macSize}. */
  private static byte[] tsigRecord(byte[] owner, int macSize, int macBytes) {
    DNSOutput rdata = new DNSOutput();
    TSIG.HMAC_SHA256.toWireCanonical(rdata);
    long now = Instant.now().getEpochSecond();
    rdata.writeU16((int) (now >>> 32));
    rdata.writeU32(now & 0xFFFFFFFFL);
    rdata.writeU16(300);
    rdata.writeU16(macSize);
    rdata.writeByteArray(new byte[macBytes]);
    rdata.writeU16(0);
    rdata.writeU16(0);
    rdata.writeU16(0);
    DNSOutput out = new DNSOutput();
    out.writeByteArray(owner);
    out.writeU16(Type.TSIG);
    out.writeU16(DClass.ANY);
    out.writeU32(0);
    out.writeU16(rdata.current());
    out.writeByteArray(rdata.toByteArray());
    return out.toByteArray();
  }

  /** One framed message out, one framed reply in. */
  private static byte[] exchange(Socket tcp, byte[] message) throws IOException {
    DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
    out.writeShort(message.length);
    out.write(message);
    out.flush();
    DataInputStream in = new DataInputStream(tcp.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return reply;
  }
}
