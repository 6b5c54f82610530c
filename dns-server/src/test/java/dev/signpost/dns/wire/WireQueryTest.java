package dev.signpost.dns.wire;

import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.zones.DnsWire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The common query's reader: it accepts exactly the standard query with one uncompressed question and at
 * most an option-less OPT record, reads it as dnsjava does, and returns null for every other shape (which
 * dnsjava then parses).
 */
class WireQueryTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);

  // ---- accepted shapes ----

  /**
   * @param edns {@code -} for none, else {@code payload version [DO]}
   * @param flags header flags set besides RD ({@code -} for none; {@code noRD} clears RD)
   */
  @ParameterizedTest(name = "{0} {1} {2}, EDNS {3}, flags {4} reads as {5}")
  @CsvSource(delimiter = '|', textBlock = """
      web.service.local.              | A     | IN  | -            | -     | A IN id=4660 rd no-edns
      web.service.local.              | A     | IN  | -            | noRD  | A IN id=4660 no-edns
      WEB.Service.LOCAL.              | AAAA  | IN  | -            | -     | AAAA IN id=4660 rd no-edns
      _web._tcp.service.local.        | SRV   | IN  | 1232 0       | -     | SRV IN id=4660 rd edns=1232 v0
      _WEB._TCP.Service.Local.        | SRV   | IN  | 4096 0 DO    | -     | SRV IN id=4660 rd edns=4096 v0 do
      web.service.local.              | A     | IN  | 512 0 DO     | AD CD | A IN id=4660 rd edns=512 v0 do
      web.service.local.              | A     | IN  | 0 0          | -     | A IN id=4660 rd edns=0 v0
      web.service.local.              | A     | IN  | 65535 0      | -     | A IN id=4660 rd edns=65535 v0
      web.service.local.              | A     | IN  | 1232 1       | -     | A IN id=4660 rd edns=1232 v1
      web.service.local.              | A     | IN  | 1232 255 DO  | -     | A IN id=4660 rd edns=1232 v255 do
      .                               | NS    | IN  | -            | -     | NS IN id=4660 rd no-edns
      .                               | SOA   | IN  | 1232 0 DO    | -     | SOA IN id=4660 rd edns=1232 v0 do
      web.service.local.              | ANY   | IN  | -            | -     | ANY IN id=4660 rd no-edns
      version.bind.                   | TXT   | CH  | -            | -     | TXT CH id=4660 rd no-edns
      web.service.local.              | AXFR  | ANY | -            | -     | AXFR ANY id=4660 rd no-edns
      web.service.local.              | TYPE65280 | IN | -         | -     | TYPE65280 IN id=4660 rd no-edns
      a-b_c.x.y.z.service.local.      | PTR   | IN  | 1232 0       | AA TC | PTR IN id=4660 rd edns=1232 v0
      """)
  void standardQueriesAreReadWithTheirTypeClassAndEdns(String qname, String type, String dclass, String edns,
      String flags, String expected) throws Exception {
    Message query = query(qname, Type.value(type), DClass.value(dclass));
    setFlags(query, flags);
    addEdns(query, edns);
    byte[] wire = query.toWire();

    WireQuery read = WireQuery.parse(wire);

    assertThat(read).isNotNull();
    assertThat(describe(read)).isEqualTo(expected);
    assertThat(read.nameEnd()).isEqualTo(DnsWire.HEADER_LENGTH + Name.fromString(qname).length());
    assertThat(read.questionEnd()).isEqualTo(read.nameEnd() + 4);
    assertThat(read.wire()).isSameAs(wire);
    assertReadsAsDnsjava(read, wire);
  }

  @Test
  void theLongestNameOf255BytesIsAccepted() throws Exception {
    byte[] name = name(63, 63, 63, 61); // 64 + 64 + 64 + 62 + the root = 255 bytes
    byte[] wire = packet(header(1, 0, 0, 0), name, typeClass(Type.A, DClass.IN));
    WireQuery read = WireQuery.parse(wire);
    assertThat(read).isNotNull();
    assertThat(read.nameEnd()).isEqualTo(DnsWire.HEADER_LENGTH + 255);
    assertReadsAsDnsjava(read, wire);
  }

  @Test
  void aLabelOf63BytesIsAccepted() throws Exception {
    byte[] wire = packet(header(1, 0, 0, 0), name(63, 7), typeClass(Type.A, DClass.IN));
    WireQuery read = WireQuery.parse(wire);
    assertThat(read).isNotNull();
    assertReadsAsDnsjava(read, wire);
  }

  /** Everything a request kept as bytes answers, it answers as the request dnsjava parsed from the same bytes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedPackets")
  void aRequestKeptAsBytesReadsLikeOneParsedByDnsjava(byte[] wire) throws Exception {
    for (Transport transport : Transport.values()) {
      DnsRequest fast = DnsRequest.of(WireQuery.parse(wire), CLIENT, transport);
      DnsRequest parsed = new DnsRequest(new Message(wire), CLIENT, transport);
      assertThat(fast.qtype()).isEqualTo(parsed.qtype());
      assertThat(fast.qclass()).isEqualTo(parsed.qclass());
      assertThat(fast.opcode()).isEqualTo(parsed.opcode());
      assertThat(fast.ednsVersion()).isEqualTo(parsed.ednsVersion());
      assertThat(fast.maxReplySize()).as("max reply size over " + transport).isEqualTo(parsed.maxReplySize());
      assertThat(fast.qname().toString()).as("the name keeps its case").isEqualTo(parsed.qname().toString());
      assertThat(fast.wire()).isNotNull();
      assertThat(parsed.wire()).isNull();
      // Built on demand, the dnsjava message is the one the bytes hold.
      assertThat(fast.query().toWire()).isEqualTo(parsed.query().toWire());
      assertThat(fast.qname().toString()).isEqualTo(parsed.qname().toString());
    }
  }

  static Stream<Arguments> acceptedPackets() throws Exception {
    return Stream.of(
        arguments("plain A", query("web.service.local.", Type.A, DClass.IN).toWire()),
        arguments("mixed-case SRV with EDNS 1232", withEdns(query("_WEB._tcp.Service.local.", Type.SRV, DClass.IN),
            new OPTRecord(1232, 0, 0)).toWire()),
        arguments("EDNS 4096 with DO", withEdns(query("web.service.local.", Type.AAAA, DClass.IN),
            new OPTRecord(4096, 0, 0, ExtendedFlags.DO)).toWire()),
        arguments("EDNS payload 100 (below 512)", withEdns(query("web.service.local.", Type.A, DClass.IN),
            new OPTRecord(100, 0, 0)).toWire()),
        arguments("EDNS version 1", withEdns(query("web.service.local.", Type.A, DClass.IN),
            new OPTRecord(1232, 0, 1)).toWire()),
        arguments("the root name", query(".", Type.NS, DClass.IN).toWire()));
  }

  // ---- rejected shapes ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedPackets")
  void everyOtherShapeIsLeftToDnsjava(byte[] wire) {
    assertThat(WireQuery.parse(wire)).isNull();
  }

  static Stream<Arguments> rejectedPackets() throws Exception {
    Name web = Name.fromString("web.service.local.");
    Stream.Builder<Arguments> cases = Stream.builder();

    Message response = query("web.service.local.", Type.A, DClass.IN);
    response.getHeader().setFlag(Flags.QR);
    cases.add(arguments("QR set: a response", response.toWire()));
    for (int opcode = 1; opcode <= 5; opcode++) {
      Message q = query("web.service.local.", Type.A, DClass.IN);
      q.getHeader().setOpcode(opcode);
      cases.add(arguments("opcode " + opcode, q.toWire()));
    }
    Message q15 = query("web.service.local.", Type.A, DClass.IN);
    q15.getHeader().setOpcode(15);
    cases.add(arguments("opcode 15", q15.toWire()));

    Message noQuestion = new Message(0x1234);
    cases.add(arguments("QD 0, header only", noQuestion.toWire()));
    byte[] qdZero = query("web.service.local.", Type.A, DClass.IN).toWire();
    qdZero[5] = 0;
    cases.add(arguments("QD 0 with a question after the header", qdZero));
    Message two = query("a.service.local.", Type.A, DClass.IN);
    two.addRecord(Record.newRecord(Name.fromString("b.service.local."), Type.A, DClass.IN), Section.QUESTION);
    cases.add(arguments("QD 2", two.toWire()));

    Message answer = query("web.service.local.", Type.A, DClass.IN);
    answer.addRecord(new ARecord(web, DClass.IN, 60, InetAddress.getByName("10.0.0.1")), Section.ANSWER);
    cases.add(arguments("AN 1", answer.toWire()));
    Message authority = query("web.service.local.", Type.A, DClass.IN);
    authority.addRecord(new ARecord(web, DClass.IN, 60, InetAddress.getByName("10.0.0.1")), Section.AUTHORITY);
    cases.add(arguments("NS 1", authority.toWire()));

    Message twoAdditional = withEdns(query("web.service.local.", Type.A, DClass.IN), new OPTRecord(1232, 0, 0));
    twoAdditional.addRecord(new ARecord(web, DClass.IN, 60, InetAddress.getByName("10.0.0.1")), Section.ADDITIONAL);
    cases.add(arguments("AR 2: OPT and an A record", twoAdditional.toWire()));
    byte[] twoOpts = concat(withEdns(query("web.service.local.", Type.A, DClass.IN), new OPTRecord(1232, 0, 0))
        .toWire(), new OPTRecord(1232, 0, 0).toWire(Section.ADDITIONAL));
    twoOpts[11] = 2;
    cases.add(arguments("AR 2: two OPT records", twoOpts));

    cases.add(arguments("OPT with ECS", withEdns(query("web.service.local.", Type.A, DClass.IN),
        new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("192.0.2.0")))))
        .toWire()));
    cases.add(arguments("OPT with a client cookie", withEdns(query("web.service.local.", Type.A, DClass.IN),
        new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))).toWire()));
    cases.add(arguments("OPT with padding", withEdns(query("web.service.local.", Type.A, DClass.IN),
        new OPTRecord(1232, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(EDNSOption.Code.PADDING,
            new byte[4])))).toWire()));
    cases.add(arguments("OPT owned by the question's name (compressed)", withEdns(
        query("web.service.local.", Type.A, DClass.IN), Record.newRecord(web, Type.OPT, 1232, 0, new byte[0]))
        .toWire()));
    cases.add(arguments("OPT owned by a.", withEdns(query("web.service.local.", Type.A, DClass.IN),
        Record.newRecord(Name.fromString("a."), Type.OPT, 1232, 0, new byte[0])).toWire()));
    cases.add(arguments("a root-owned additional record of OPT's length that is not OPT", withEdns(
        query("web.service.local.", Type.A, DClass.IN), Record.newRecord(Name.root, Type.TXT, DClass.IN, 0,
            new byte[0])).toWire()));
    cases.add(arguments("an A record in the additional section", withEdns(
        query("web.service.local.", Type.A, DClass.IN),
        new ARecord(web, DClass.IN, 60, InetAddress.getByName("10.0.0.1"))).toWire()));

    cases.add(arguments("a trailing byte, no EDNS",
        concat(query("web.service.local.", Type.A, DClass.IN).toWire(), new byte[1])));
    cases.add(arguments("a trailing byte after OPT", concat(withEdns(query("web.service.local.", Type.A,
        DClass.IN), new OPTRecord(1232, 0, 0)).toWire(), new byte[1])));
    cases.add(arguments("AR 1 but no OPT after the question",
        additionalCount(query("web.service.local.", Type.A, DClass.IN).toWire(), 1)));
    cases.add(arguments("AR 0 with an OPT after the question", additionalCount(withEdns(
        query("web.service.local.", Type.A, DClass.IN), new OPTRecord(1232, 0, 0)).toWire(), 0)));

    cases.add(arguments("a name that is a compression pointer",
        packet(header(1, 0, 0, 0), new byte[] {(byte) 0xC0, 0x0C}, typeClass(Type.A, DClass.IN))));
    cases.add(arguments("a name that ends in a compression pointer",
        packet(header(1, 0, 0, 0), new byte[] {3, 'w', 'e', 'b', (byte) 0xC0, 0x0C}, typeClass(Type.A, DClass.IN))));
    cases.add(arguments("a label of 64 bytes (extended label type 0x40)",
        packet(header(1, 0, 0, 0), name(64), typeClass(Type.A, DClass.IN))));
    cases.add(arguments("label type 0x80",
        packet(header(1, 0, 0, 0), new byte[] {(byte) 0x81, 'x', 0}, typeClass(Type.A, DClass.IN))));
    cases.add(arguments("a name of 256 bytes", packet(header(1, 0, 0, 0), name(63, 63, 63, 62),
        typeClass(Type.A, DClass.IN))));
    cases.add(arguments("a name of 257 bytes", packet(header(1, 0, 0, 0), name(63, 63, 63, 63),
        typeClass(Type.A, DClass.IN))));
    cases.add(arguments("a name that runs past the packet",
        packet(header(1, 0, 0, 0), new byte[] {20, 'a', 'b', 'c'}, typeClass(Type.A, DClass.IN))));
    cases.add(arguments("empty", new byte[0]));
    return cases.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedPackets")
  void aPacketCutShortAtAnyLengthIsLeftToDnsjava(byte[] wire) {
    assertThat(WireQuery.parse(wire)).isNotNull();
    for (int length = 0; length < wire.length; length++) {
      assertThat(WireQuery.parse(Arrays.copyOf(wire, length))).as("cut to %d of %d bytes", length, wire.length)
          .isNull();
    }
  }

  /**
   * Whatever bytes it is given, the reader never throws, and a packet it accepts is one dnsjava parses to the
   * same question and EDNS fields (else {@link DnsRequest#query()} would fail later, on the hot path).
   */
  @Test
  void mutatedPacketsAreRejectedOrReadExactlyAsDnsjavaReadsThem() throws Exception {
    List<byte[]> seeds = acceptedPackets().map(a -> (byte[]) ((org.junit.jupiter.api.Named<?>) a.get()[0])
        .getPayload()).toList();
    Random random = new Random(20261123);
    int accepted = 0;
    for (int n = 0; n < 50_000; n++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] wire = mutate(seed, random);
      WireQuery read = WireQuery.parse(wire);
      if (read != null) {
        accepted++;
        assertReadsAsDnsjava(read, wire);
      }
    }
    assertThat(accepted).as("some mutations keep the common shape").isPositive();
  }

  // ---- helpers ----

  /** The same fields dnsjava reads from the same bytes. */
  private static void assertReadsAsDnsjava(WireQuery read, byte[] wire) throws Exception {
    Message m = new Message(wire);
    assertThat(read.id()).isEqualTo(m.getHeader().getID());
    assertThat(read.recursionDesired()).isEqualTo(m.getHeader().getFlag(Flags.RD));
    assertThat(read.qtype()).isEqualTo(m.getQuestion().getType());
    assertThat(read.qclass()).isEqualTo(m.getQuestion().getDClass());
    assertThat(read.questionEnd()).isEqualTo(DnsWire.HEADER_LENGTH + m.getQuestion().getName().length() + 4);
    OPTRecord opt = m.getOPT();
    assertThat(read.hasEdns()).isEqualTo(opt != null);
    if (opt != null) {
      assertThat(read.ednsPayload()).isEqualTo(opt.getPayloadSize());
      assertThat(read.ednsVersion()).isEqualTo(opt.getVersion());
      assertThat(read.dnssecOk()).isEqualTo((opt.getFlags() & ExtendedFlags.DO) != 0);
      assertThat(opt.getOptions()).isEmpty();
    } else {
      assertThat(read.ednsPayload()).isEqualTo(-1);
    }
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY)).isEmpty();
  }

  private static String describe(WireQuery q) {
    StringBuilder s = new StringBuilder(Type.string(q.qtype())).append(' ').append(DClass.string(q.qclass()))
        .append(" id=").append(q.id());
    if (q.recursionDesired()) {
      s.append(" rd");
    }
    if (!q.hasEdns()) {
      return s.append(" no-edns").toString();
    }
    s.append(" edns=").append(q.ednsPayload()).append(" v").append(q.ednsVersion());
    return q.dnssecOk() ? s.append(" do").toString() : s.toString();
  }

  static Message query(String qname, int type, int dclass) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), type, dclass));
    m.getHeader().setID(0x1234);
    return m;
  }

  private static Message withEdns(Message m, Record opt) {
    m.addRecord(opt, Section.ADDITIONAL);
    return m;
  }

  private static void setFlags(Message m, String flags) {
    for (String flag : flags.trim().split(" ")) {
      switch (flag) {
        case "-" -> { }
        case "noRD" -> m.getHeader().unsetFlag(Flags.RD);
        default -> m.getHeader().setFlag(Flags.value(flag));
      }
    }
  }

  private static void addEdns(Message m, String edns) {
    if (edns.equals("-")) {
      return;
    }
    String[] parts = edns.trim().split(" ");
    int flags = parts.length > 2 && parts[2].equals("DO") ? ExtendedFlags.DO : 0;
    m.addRecord(new OPTRecord(Integer.parseInt(parts[0]), 0, Integer.parseInt(parts[1]), flags), Section.ADDITIONAL);
  }

  private static Arguments arguments(String name, byte[] wire) {
    return Arguments.of(named(name, wire));
  }

  /** A query header: id 0x1234, RD, and these counts. */
  private static byte[] header(int qd, int an, int ns, int ar) {
    return new byte[] {0x12, 0x34, 0x01, 0x00, 0, (byte) qd, 0, (byte) an, 0, (byte) ns, 0, (byte) ar};
  }

  /** An uncompressed name of labels of these lengths (filled with 'x'), ending in the root. */
  private static byte[] name(int... labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int length : labels) {
      out.write(length);
      for (int i = 0; i < length; i++) {
        out.write('x');
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] typeClass(int type, int dclass) {
    return new byte[] {(byte) (type >>> 8), (byte) type, (byte) (dclass >>> 8), (byte) dclass};
  }

  private static byte[] packet(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return packet(a, b);
  }

  private static byte[] additionalCount(byte[] wire, int count) {
    byte[] copy = wire.clone();
    copy[10] = (byte) (count >>> 8);
    copy[11] = (byte) count;
    return copy;
  }

  /** One to three random changes: a byte set, a byte dropped or a byte added. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] wire = seed.clone();
    int changes = 1 + random.nextInt(3);
    for (int c = 0; c < changes; c++) {
      int kind = random.nextInt(4);
      if (kind <= 1 && wire.length > 0) {
        wire[random.nextInt(wire.length)] = (byte) (kind == 0 ? random.nextInt(256) : random.nextInt(4));
      } else if (kind == 2 && wire.length > 0) {
        int at = random.nextInt(wire.length);
        byte[] shorter = new byte[wire.length - 1];
        System.arraycopy(wire, 0, shorter, 0, at);
        System.arraycopy(wire, at + 1, shorter, at, wire.length - at - 1);
        wire = shorter;
      } else {
        int at = random.nextInt(wire.length + 1);
        byte[] longer = new byte[wire.length + 1];
        System.arraycopy(wire, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(wire, at, longer, at + 1, wire.length - at);
        wire = longer;
      }
    }
    return wire;
  }
}
