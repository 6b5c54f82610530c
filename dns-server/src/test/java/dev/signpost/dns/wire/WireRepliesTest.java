package dev.signpost.dns.wire;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.handlers.MetricsHandler;
import dev.signpost.dns.handlers.RecursionAvailableHandler;
import dev.signpost.dns.handlers.RegistryZoneHandler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Client;
import dev.signpost.balance.Endpoint;
import dev.signpost.balance.LoadBalancingStrategy;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.Weights;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.dns.metrics.QueryMetrics;
import dev.signpost.zones.NameForm;
import dev.signpost.zones.NamingScheme;
import dev.signpost.zones.NodeTable;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One answer plan, two renderings: the registry's common answers written straight into bytes
 * ({@link WireReplies}, {@code WireRenderer}) against the same plan written as records ({@code RecordRenderer},
 * {@link ReplyMessages#authoritative}, dnsjava's {@code Message.toWire(max)}): the same query
 * bytes go through {@link RegistryZoneHandler} once as a request kept as bytes and once as a request dnsjava
 * parsed, and the replies put on the wire are compared. One registry, three zones over it (different domains,
 * one configured in mixed case), answers ordered by a strategy that keeps the registry's order.
 */
class WireRepliesTest {

  /**
   * The first and the last make us serve their parent ({@code local.}, {@code Consul.}) too, with the
   * datacenter forms under it; the last is configured in mixed case, which the glue owners of a datacenter form's
   * SRV answer spell out ({@code addr.Service} + a pointer to the parent in the question).
   */
  private static final List<String> DOMAINS = List.of("service.local", "Signpost.Example.COM", "consul",
      "Service.Consul");
  private static final InetSocketAddress ZONED_CLIENT = new InetSocketAddress(loopback("127.0.0.1"), 5353);
  private static final InetSocketAddress ZONELESS_CLIENT = new InetSocketAddress(loopback("::1"), 5353);

  /**
   * The services of the fixture, each with how many distinct addresses its SRV answer names (the glue records
   * of the additional section).
   */
  private static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("web", 3);        // IPv4 only; web-1 carries the tag v1
    SERVICES.put("v6", 2);         // IPv6 only
    SERVICES.put("mixed", 3);      // IPv4 and IPv6, and one IPv4-mapped IPv6 address
    SERVICES.put("shared", 2);     // two instances on one address, different ports: a target each
    SERVICES.put("shared3", 3);    // three instances on two addresses, different ports
    SERVICES.put("solo", 1);
    SERVICES.put("solo6", 1);
    SERVICES.put("weighted", 4);   // passing in the client's zone, passing elsewhere, warning: tiers and weights
    SERVICES.put("limited", 2);    // policy: TTL 42, at most 2 answers, of 4 instances
    SERVICES.put("failing", 1);    // every check critical, the last one passing served anyway (fail open)
    SERVICES.put("hosted", 1);     // one host name target, one address
    SERVICES.put("hostonly", 0);   // host name targets only
    SERVICES.put("down", 0);       // registered, nothing served
    SERVICES.put("big", 12);       // SRV: over 512 bytes, under 1232
    SERVICES.put("medium", 8);     // SRV: the answers fit 512 bytes, their glue does not
    SERVICES.put("huge", 40);      // 40 instances on 20 addresses (40 targets), repeats far apart: TCP only
    SERVICES.put("dns-sd", 1);     // the service whose RFC 2782 name is DNS-SD's _dns-sd._udp
  }

  private static final List<Integer> TYPES = List.of(Type.A, Type.AAAA, Type.SRV, Type.ANY, Type.TXT);

  /** Names that are not of the common forms, or not ours: always the general path. */
  private static final List<String> OTHER_NAMES = List.of("{D}", "v1.web.{D}", "V1.Web.{D}", "_web._v1.{D}",
      "0a000001.addr.{D}", "addr.{D}", "nosuch.{D}", "_nosuch._tcp.{D}", "_tcp.{D}",
      "_services._dns-sd._udp.{D}", "web-1._web._tcp.{D}", "web_1.{D}", "x.{D}.example.org", "web.example.org",
      "1.0.0.10.in-addr.arpa", "a.b.c.web.{D}",
      // The parent's names, for the domains starting with service (names outside the zone for the others).
      "{P}", "v1.web.{X}", "V1.Web.{x}", "_web._v1.{X}", "nosuch.{X}", "_nosuch._tcp.{X}", "_tcp.{X}", "{X}",
      "0a000001.addr.{X}", "web-1._web._tcp.{x}", "web.service.dc2.{P}", "node-1.node.{P}", "NODE-1.node.dc1.{P}",
      "node.{P}", "printer.{P}");

  private static ServiceDiscovery discovery;
  /** The nodes of the node form: node-1 on 10.99.0.1 and 2001:db8::99. */
  private static final NodeTable NODES = new NodeTable();
  private static final Map<String, RegistryZoneHandler> HANDLERS = new LinkedHashMap<>();
  private static final Map<String, RegistryZone> ZONES = new LinkedHashMap<>();

  /** Keeps the registry's order (instances sorted by id), so two lookups give the same answer. */
  private static final LoadBalancingStrategy IDENTITY = new LoadBalancingStrategy() {
    @Override
    public String name() {
      return "identity";
    }

    @Override
    public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
      return healthy;
    }
  };

  /** What a handler behind the registry's zone answers: REFUSED, as the standard chain's last handler. */
  private static final QueryChain REFUSE = request ->
      CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.reply(request.query(), Rcode.REFUSED)));

  @BeforeAll
  static void registerServices() throws Exception {
    NODES.source().replace(Map.of("node-1", List.of(loopback("10.99.0.1"), loopback("2001:db8::99"))));
    discovery = ServiceDiscovery.builder().strategy(IDENTITY).healthFilter(new HealthFilter(false, true)).build();
    for (String domain : DOMAINS) {
      RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain(domain), 30,
          InetAddress.getByName("127.0.0.1")));
      ZoneView view = new ZoneView(records, discovery::serving);
      discovery.addListener(view);
      RegistryZone zone = new RegistryZone(records, view, discovery, NODES);
      ZONES.put(domain, zone);
      HANDLERS.put(domain, new RegistryZoneHandler(zone, ClientZones.parse(List.of("127.0.0.0/8=a"))));
    }
    register(instance("web-1", "web", "10.0.0.1", 8080, List.of("v1"), Weights.DEFAULT, ""));
    register(Instance.of("web-2", "web", "10.0.0.2", 8081, List.of()));
    register(Instance.of("web-3", "web", "10.0.0.3", 8082, List.of()));
    register(Instance.of("v6-1", "v6", "2001:db8::1", 80, List.of()));
    register(Instance.of("v6-2", "v6", "2001:db8::2", 80, List.of()));
    register(Instance.of("mixed-1", "mixed", "10.1.0.1", 80, List.of()));
    register(Instance.of("mixed-2", "mixed", "2001:db8::11", 80, List.of()));
    register(Instance.of("mixed-3", "mixed", "::ffff:10.1.0.3", 81, List.of()));
    register(Instance.of("shared-1", "shared", "10.2.0.1", 80, List.of()));
    register(Instance.of("shared-2", "shared", "10.2.0.1", 81, List.of()));
    register(Instance.of("shared3-1", "shared3", "10.2.1.1", 80, List.of()));
    register(Instance.of("shared3-2", "shared3", "10.2.1.2", 80, List.of()));
    register(Instance.of("shared3-3", "shared3", "10.2.1.1", 81, List.of()));
    register(Instance.of("solo-1", "solo", "10.3.0.1", 443, List.of()));
    register(Instance.of("solo6-1", "solo6", "2001:db8::31", 443, List.of()));
    register(instance("weighted-1", "weighted", "10.4.0.1", 80, List.of(), new Weights(10, 3), "a"));
    register(instance("weighted-2", "weighted", "10.4.0.2", 80, List.of(), new Weights(20, 7), "b"));
    register(ttlChecked(instance("weighted-3", "weighted", "10.4.0.3", 80, List.of(), new Weights(10, 3), "a")));
    report("weighted-3", HealthStatus.WARNING);
    register(ttlChecked(instance("weighted-4", "weighted", "2001:db8::41", 80, List.of(), new Weights(5, 0), "")));
    report("weighted-4", HealthStatus.WARNING);
    discovery.setPolicy("limited", new ServicePolicy("identity", OptionalLong.of(42), 2)).toCompletableFuture()
        .join();
    for (int i = 1; i <= 4; i++) {
      register(Instance.of("limited-" + i, "limited", "10.5.0." + i, 7000 + i, List.of()));
    }
    for (int i = 1; i <= 2; i++) {
      register(ttlChecked(Instance.of("failing-" + i, "failing", "10.6.0." + i, 80, List.of())));
      report("failing-" + i, HealthStatus.PASSING);
    }
    report("failing-1", HealthStatus.CRITICAL);
    report("failing-2", HealthStatus.CRITICAL);
    register(Instance.of("hosted-1", "hosted", "db1.example.com", 5432, List.of()));
    register(Instance.of("hosted-2", "hosted", "10.7.0.2", 5432, List.of()));
    register(Instance.of("hostonly-1", "hostonly", "db.example.com", 5432, List.of()));
    register(Instance.of("hostonly-2", "hostonly", "db2.Example.COM.", 5432, List.of()));
    register(ttlChecked(Instance.of("down-1", "down", "10.8.0.1", 80, List.of())));
    for (int i = 1; i <= 12; i++) {
      register(Instance.of(String.format("big-%02d", i), "big", "10.9.0." + i, 9000 + i, List.of()));
    }
    for (int i = 1; i <= 8; i++) {
      register(Instance.of("medium-" + i, "medium", "10.10.0." + i, 9000 + i, List.of()));
    }
    for (int i = 1; i <= 40; i++) {
      register(Instance.of(String.format("huge-%02d", i), "huge", "10.14.0." + (i % 20 + 1), 8000 + i, List.of()));
    }
    register(Instance.of("dns-sd-1", "dns-sd", "10.11.0.1", 5353, List.of()));
    // Only for the 512-byte boundary: 12 + (1 + 16 + 15) + 4 + 29 * 16 = 512 bytes exactly; a letter more, 513.
    for (int i = 1; i <= 29; i++) {
      register(Instance.of(String.format("b16-%02d", i), "sixteen-chars-ab", "10.12.0." + i, 80, List.of()));
      register(Instance.of(String.format("b17-%02d", i), "seventeen-chars-x", "10.13.0." + i, 80, List.of()));
    }

    assertThat(discovery.serving("failing").failingOpen()).as("failing fails open").isTrue();
    assertThat(discovery.serving("down").instances()).as("down serves nothing").isEmpty();
    assertThat(discovery.serving("weighted").instances()).hasSize(4);
  }

  @AfterAll
  static void close() {
    discovery.close();
  }

  // ---- the equivalence ----

  /** One way a client may send the same question. */
  private record Shape(String name, Transport transport, InetSocketAddress client, boolean rd, int payload,
      int ednsFlags, boolean adCd) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static final int DO = ExtendedFlags.DO;

  private static final Shape UDP = new Shape("UDP", Transport.UDP, ZONED_CLIENT, true, -1, 0, false);
  private static final Shape UDP_EDNS = new Shape("UDP EDNS 1232", Transport.UDP, ZONED_CLIENT, true, 1232, 0, false);
  private static final Shape TCP = new Shape("TCP", Transport.TCP, ZONED_CLIENT, true, -1, 0, false);

  private static final List<Shape> SHAPES = List.of(
      UDP,
      new Shape("UDP without RD", Transport.UDP, ZONED_CLIENT, false, -1, 0, false),
      UDP_EDNS,
      new Shape("UDP EDNS 4096 DO, AD and CD set", Transport.UDP, ZONED_CLIENT, true, 4096, DO, true),
      new Shape("UDP EDNS 512", Transport.UDP, ZONED_CLIENT, true, 512, 0, false),
      new Shape("UDP EDNS 100", Transport.UDP, ZONED_CLIENT, true, 100, DO, false),
      new Shape("UDP EDNS 600 with DO and every Z flag", Transport.UDP, ZONED_CLIENT, true, 600, 0xFFFF, false),
      new Shape("UDP EDNS 1232 from ::1 (no client zone)", Transport.UDP, ZONELESS_CLIENT, true, 1232, 0, false),
      TCP,
      new Shape("TCP EDNS 1232 DO", Transport.TCP, ZONED_CLIENT, true, 1232, DO, false));

  /**
   * A question: a name template, the domain written in as {@link #name} says, and a type.
   *
   * @param common whether the name is {@code <svc>.<domain>} or {@code _<svc>._tcp|_udp.<domain>}, or the
   *     datacenter form of one ({@code <svc>.service.dc1.local})
   * @param glue how many distinct addresses the service's SRV answer names
   */
  record Question(String template, int type, boolean common, int glue) {

    /**
     * {@code {D}}: the domain in lower case; {@code {d}}: in upper case; {@code {C}}: as configured; {@code {P}}:
     * the domain without its first label (the domain itself when it has one label); {@code {X}}: the datacenter
     * form of the domain, {@code service.dc1.local} of {@code service.local}, in lower case; {@code {x}}: in upper
     * case.
     */
    String name(String domain) {
      int dot = domain.indexOf('.');
      String parent = dot < 0 ? domain : domain.substring(dot + 1);
      String datacenter = dot < 0 ? domain + ".dc1" : domain.substring(0, dot) + ".dc1." + parent;
      return template.replace("{D}", domain.toLowerCase(Locale.ROOT))
          .replace("{d}", domain.toUpperCase(Locale.ROOT)).replace("{C}", domain)
          .replace("{P}", parent.toLowerCase(Locale.ROOT)).replace("{X}", datacenter.toLowerCase(Locale.ROOT))
          .replace("{x}", datacenter.toUpperCase(Locale.ROOT)) + ".";
    }

    @Override
    public String toString() {
      return template + " " + Type.string(type);
    }
  }

  static List<Question> questions() {
    List<Question> questions = new ArrayList<>();
    SERVICES.forEach((service, glue) -> {
      for (String template : List.of(service + ".{D}", mixedCase(service) + ".{d}", "_" + service + "._tcp.{C}",
          "_" + service.toUpperCase(Locale.ROOT) + "._TCP.{d}", "_" + mixedCase(service) + "._udp.{C}",
          mixedCase(service) + ".{X}", "_" + service + "._tcp.{x}")) {
        for (int type : TYPES) {
          questions.add(new Question(template, type, true, glue));
        }
      }
    });
    for (String template : OTHER_NAMES) {
      for (int type : List.of(Type.A, Type.AAAA, Type.SRV, Type.ANY, Type.TXT, Type.PTR, Type.SOA)) {
        questions.add(new Question(template, type, false, 0));
      }
    }
    return questions;
  }

  /** The SRV questions whose answer names several addresses: later glue owners point at the first one's. */
  static Stream<Question> severalGlueRecords() {
    return questions().stream().filter(q -> q.common() && q.type() == Type.SRV && q.glue() >= 2);
  }

  static Stream<Question> atMostOneGlueRecord() {
    return questions().stream().filter(q -> !(q.common() && q.type() == Type.SRV && q.glue() >= 2));
  }

  /**
   * Both requests get the same reply, record for record and flag for flag; the bytes path answers exactly the
   * positive A, AAAA and SRV answers of the common names that fit the client's size without compression
   * beyond the question, and leaves everything else to the general path.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void bothPathsGiveTheSameReplyAndTheBytesPathAnswersExactlyTheCommonPositiveOnes(Question question)
      throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (String domain : DOMAINS) {
      for (Shape shape : SHAPES) {
        Exchange e = exchange(domain, question, shape);
        String what = question.name(domain) + " " + Type.string(question.type()) + " over " + shape;
        soft.assertThat(describe(e.fastWire())).as(what).isEqualTo(describe(e.generalWire()));
        if (!isDnsSdServiceTypesParent(question)) {
          soft.assertThat(e.encoded()).as(what + ": answered from bytes").isEqualTo(expectEncoded(question, domain, e));
        }
        soft.assertThat(e.fastWire().length).as(what + ": size").isLessThanOrEqualTo(e.fast().maxReplySize());
        if (Name.fromString(question.name(domain)).subdomain(ZONES.get(domain).origin())) {
          soft.assertThat(Rcode.string(new Message(e.fastWire()).getRcode())).as(what + ": the zone answered")
              .isIn("NOERROR", "NXDOMAIN");
        }
      }
    }
    soft.assertAll();
  }

  /** The design's claim, for every answer with at most one address in its additional section. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("atMostOneGlueRecord")
  void bothPathsPutTheSameBytesOnTheWire(Question question) throws Exception {
    assertSameBytes(question);
  }

  /**
   * For an SRV answer naming two or more distinct addresses, dnsjava (the general path) compresses each glue
   * owner after the first to {@code <hex>} + a pointer to the {@code addr.<domain>} of the first glue record
   * (Name.toWire adds every suffix it writes to the compression table); the bytes path must do the same.
   * Regression: it once wrote {@code <hex>.addr} + a pointer to the domain, 5 bytes more per record, e.g. for
   * {@code _web._tcp.service.local. SRV} (3 instances on 10.0.0.1-3).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("severalGlueRecords")
  void srvAnswersNamingSeveralAddressesAreTheSameBytesToo(Question question) throws Exception {
    assertSameBytes(question);
  }

  private static void assertSameBytes(Question question) throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (String domain : DOMAINS) {
      for (Shape shape : SHAPES) {
        Exchange e = exchange(domain, question, shape);
        soft.assertThat(hex(e.fastWire()))
            .as(question.name(domain) + " " + Type.string(question.type()) + " over " + shape + "\n"
                + new Message(e.generalWire()))
            .isEqualTo(hex(e.generalWire()));
      }
    }
    soft.assertAll();
  }

  // ---- what the bytes path answers, and what it leaves ----

  @Test
  void anIpv4AnswerIsEncodedAsZoneFileRecordsInTheRegistrysOrder() throws Exception {
    Exchange e = exchange("service.local", new Question("WeB.{D}", Type.A, true, 3), UDP);
    assertThat(e.encoded()).isTrue();
    assertThat(lines(new Message(e.fastWire()), Section.ANSWER)).containsExactly(
        "WeB.service.local. 30 IN A 10.0.0.1",
        "WeB.service.local. 30 IN A 10.0.0.2",
        "WeB.service.local. 30 IN A 10.0.0.3");
    assertThat(e.fastWire()).isEqualTo(e.generalWire());
  }

  @Test
  void srvAnswersCarryTiersWeightsAndGlueOnePerTarget() throws Exception {
    Exchange e = exchange("service.local", new Question("_weighted._tcp.{D}", Type.SRV, true, 4), UDP_EDNS);
    assertThat(e.encoded()).isTrue();
    Message m = new Message(e.fastWire());
    assertThat(lines(m, Section.ANSWER)).containsExactly(
        "_weighted._tcp.service.local. 30 IN SRV 1 10 80 0a040001-80.addr.service.local.",
        "_weighted._tcp.service.local. 30 IN SRV 2 20 80 0a040002-80.addr.service.local.",
        "_weighted._tcp.service.local. 30 IN SRV 3 3 80 0a040003-80.addr.service.local.",
        "_weighted._tcp.service.local. 30 IN SRV 3 1 80 20010db8000000000000000000000041-80.addr.service.local.");
    assertThat(lines(m, Section.ADDITIONAL)).containsExactly(
        "0a040001-80.addr.service.local. 30 IN A 10.4.0.1",
        "0a040002-80.addr.service.local. 30 IN A 10.4.0.2",
        "0a040003-80.addr.service.local. 30 IN A 10.4.0.3",
        "20010db8000000000000000000000041-80.addr.service.local. 30 IN AAAA 2001:db8:0:0:0:0:0:41");
    assertThat(m.getOPT().getPayloadSize()).isEqualTo(1232);
  }

  /**
   * The datacenter form ({@code <svc>.service.<dc>.<parent>}) is answered from bytes as the name without the
   * datacenter: owners point at the question, targets stay under the domain, and the first glue owner spells out
   * addr and the domain's first label as configured, then points at the parent in the question, as dnsjava does.
   */
  @Test
  void aDatacenterFormsSrvAnswerIsEncodedWithGlueOwnersUnderTheDomain() throws Exception {
    Exchange e = exchange("Service.Consul", new Question("_web._tcp.service.DC1.{P}", Type.SRV, true, 3), UDP);
    assertThat(e.encoded()).isTrue();
    Message m = new Message(e.fastWire());
    assertThat(lines(m, Section.ANSWER)).containsExactly(
        "_web._tcp.service.DC1.consul. 30 IN SRV 2 1 8080 0a000001-8080.addr.Service.Consul.",
        "_web._tcp.service.DC1.consul. 30 IN SRV 2 1 8081 0a000002-8081.addr.Service.Consul.",
        "_web._tcp.service.DC1.consul. 30 IN SRV 2 1 8082 0a000003-8082.addr.Service.Consul.");
    assertThat(lines(m, Section.ADDITIONAL)).containsExactly(
        "0a000001-8080.addr.Service.consul. 30 IN A 10.0.0.1",
        "0a000002-8081.addr.Service.consul. 30 IN A 10.0.0.2",
        "0a000003-8082.addr.Service.consul. 30 IN A 10.0.0.3");
    assertThat(e.fastWire()).isEqualTo(e.generalWire());
  }

  /**
   * Two instances on one address, different ports: a target and a glue record each, so a resolver that pairs
   * SRV and address records one to one (HAProxy) sees both. Both paths, the same bytes.
   */
  @Test
  void twoInstancesOnOneAddressGetATargetAndAGlueRecordEach() throws Exception {
    Exchange e = exchange("service.local", new Question("shared.{D}", Type.SRV, true, 2), UDP);
    assertThat(e.encoded()).isTrue();
    Message m = new Message(e.fastWire());
    assertThat(lines(m, Section.ANSWER)).containsExactly(
        "shared.service.local. 30 IN SRV 2 1 80 0a020001-80.addr.service.local.",
        "shared.service.local. 30 IN SRV 2 1 81 0a020001-81.addr.service.local.");
    assertThat(lines(m, Section.ADDITIONAL)).containsExactly("0a020001-80.addr.service.local. 30 IN A 10.2.0.1",
        "0a020001-81.addr.service.local. 30 IN A 10.2.0.1");
    assertThat(e.fastWire()).isEqualTo(e.generalWire());
  }

  /**
   * Two instances on one address give one A record (RFC 2181 5: an RRset holds each record once), on both
   * paths. Regression: {@code shared.service.local. A} (shared-1 and shared-2 on
   * 10.2.0.1) once gave two {@code A 10.2.0.1} records.
   */
  @Test
  void anAddressSharedByTwoInstancesIsAnsweredOnce() throws Exception {
    Exchange e = exchange("service.local", new Question("shared.{D}", Type.A, true, 1), UDP);
    assertThat(lines(new Message(e.generalWire()), Section.ANSWER)).containsExactly(
        "shared.service.local. 30 IN A 10.2.0.1");
    assertThat(lines(new Message(e.fastWire()), Section.ANSWER)).containsExactly(
        "shared.service.local. 30 IN A 10.2.0.1");
  }

  @Test
  void aPolicysTtlAndAnswerLimitApplyToEncodedAnswers() throws Exception {
    Exchange e = exchange("service.local", new Question("limited.{D}", Type.A, true, 2), UDP);
    assertThat(e.encoded()).isTrue();
    assertThat(lines(new Message(e.fastWire()), Section.ANSWER)).containsExactly(
        "limited.service.local. 42 IN A 10.5.0.1",
        "limited.service.local. 42 IN A 10.5.0.2");
  }

  @Test
  void aServiceFailingOpenIsEncodedWithTheBriefTtlAndTheLastTier() throws Exception {
    Exchange e = exchange("service.local", new Question("_failing._tcp.{D}", Type.SRV, true, 1), TCP);
    assertThat(e.encoded()).isTrue();
    // failing-1 went critical first, while failing-2 still passed: the set kept is the last one served.
    assertThat(lines(new Message(e.fastWire()), Section.ANSWER)).containsExactly(
        "_failing._tcp.service.local. 1 IN SRV 3 1 80 0a060002-80.addr.service.local.");
    assertThat(e.fastWire()).isEqualTo(e.generalWire());
  }

  @Test
  void aHostNameTargetIsLeftToDnsjavaWhichCompressesIt() throws Exception {
    Exchange e = exchange("service.local", new Question("_hosted._tcp.{D}", Type.SRV, true, 1), UDP);
    assertThat(e.encoded()).isFalse();
    assertThat(lines(new Message(e.fastWire()), Section.ANSWER)).containsExactly(
        "_hosted._tcp.service.local. 30 IN SRV 2 1 5432 db1.example.com.",
        "_hosted._tcp.service.local. 30 IN SRV 2 1 5432 0a070002-5432.addr.service.local.");
    // The A question of the same service has no host name in it, and is encoded.
    assertThat(exchange("service.local", new Question("hosted.{D}", Type.A, true, 1), UDP).encoded())
        .isTrue();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      nosuch.{D}          | A    | NXDOMAIN
      _nosuch._tcp.{D}    | SRV  | NXDOMAIN
      down.{D}            | A    | NOERROR
      v6.{D}              | A    | NOERROR
      web.{D}             | AAAA | NOERROR
      hostonly.{D}        | A    | NOERROR
      _web._tcp.{D}       | A    | NOERROR
      web.{D}             | TXT  | NOERROR
      web.{D}             | ANY  | NOERROR
      """)
  void negativeAndOtherAnswersAreLeftToTheGeneralPath(String template, String type, String rcode) throws Exception {
    Exchange e = exchange("service.local", new Question(template, Type.value(type), true, 0), UDP_EDNS);
    assertThat(e.encoded()).isFalse();
    Message m = new Message(e.fastWire());
    assertThat(Rcode.string(m.getRcode())).isEqualTo(rcode);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getOPT()).isNotNull();
  }

  @Test
  void namesOutsideTheZoneArePassedOnFromBothPaths() throws Exception {
    Exchange e = exchange("service.local", new Question("web.example.org", Type.A, false, 0), UDP);
    assertThat(new Message(e.fastWire()).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(e.fastWire()).isEqualTo(e.generalWire());
  }

  /** Without EDNS the SRV answer needs more than 512 bytes, so dnsjava truncates it; with EDNS it is encoded. */
  @Test
  void anSrvAnswerOver512BytesIsTruncatedWithoutEdnsAndEncodedWithIt() throws Exception {
    Question big = new Question("_big._tcp.{D}", Type.SRV, true, 12);
    Exchange plain = exchange("service.local", big, UDP);
    assertThat(plain.encoded()).isFalse();
    Message truncated = new Message(plain.fastWire());
    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.fastWire().length).isLessThanOrEqualTo(512);

    Exchange edns = exchange("service.local", big, UDP_EDNS);
    assertThat(edns.encoded()).isTrue();
    Message whole = new Message(edns.fastWire());
    assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(whole.getSection(Section.ANSWER)).hasSize(12);
    assertThat(whole.getSection(Section.ADDITIONAL)).hasSize(13);
    assertThat(edns.fastWire().length).isGreaterThan(512).isLessThanOrEqualTo(1232);
  }

  /** The answers of {@code medium} fit 512 bytes and their glue does not: dnsjava drops glue, without TC. */
  @Test
  void anAnswerWhoseGlueDoesNotFitIsLeftToDnsjavaWhichDropsTheGlue() throws Exception {
    Exchange e = exchange("service.local", new Question("_medium._tcp.{D}", Type.SRV, true, 8), UDP);
    assertThat(e.encoded()).isFalse();
    Message m = new Message(e.fastWire());
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).hasSize(8);
    assertThat(m.getSection(Section.ADDITIONAL)).hasSizeBetween(1, 7);
  }

  @Test
  void anAnswerOfExactly512BytesIsEncodedAndOneByteMoreIsTruncatedByDnsjava() throws Exception {
    Exchange exact = exchange("service.local", new Question("sixteen-chars-ab.{D}", Type.A, true, 0), UDP);
    assertThat(exact.encoded()).isTrue();
    assertThat(exact.fastWire()).hasSize(512).isEqualTo(exact.generalWire());
    assertThat(new Message(exact.fastWire()).getSection(Section.ANSWER)).hasSize(29);

    Exchange over = exchange("service.local", new Question("seventeen-chars-x.{D}", Type.A, true, 0), UDP);
    assertThat(over.encoded()).isFalse();
    assertThat(new Message(over.fastWire()).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(over.fastWire()).isEqualTo(over.generalWire());
  }

  @Test
  void overTcpALongAnswerNamesEachTargetOnceInTheAdditionalSection() throws Exception {
    Exchange e = exchange("service.local", new Question("_huge._tcp.{D}", Type.SRV, true, 40), TCP);
    assertThat(e.encoded()).isTrue();
    Message m = new Message(e.fastWire());
    assertThat(m.getSection(Section.ANSWER)).hasSize(40);
    assertThat(lines(m, Section.ADDITIONAL)).hasSize(40).doesNotHaveDuplicates()
        .isEqualTo(lines(new Message(e.generalWire()), Section.ADDITIONAL));
  }

  /**
   * With a long domain, {@code <32 hex digits>.addr.<domain>} can pass 255 bytes. The general path fails to
   * build the name (Names.child throws, the chain answers SERVFAIL); the bytes path must not write it either.
   * Regression: it once wrote a 263-byte name, which no resolver accepts, for domain
   * {@code x{55}.x{55}.x{55}.x{55}} (225 bytes in wire form), service {@code v6} (instances on 2001:db8::1 and
   * ::2), {@code v6.<domain> SRV} over TCP (over UDP the answer passes 512 bytes and falls back).
   */
  @Test
  void anSrvTargetLongerThan255BytesIsNeverWritten() throws Exception {
    String label = "x".repeat(55);
    String domain = String.join(".", label, label, label, label);
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain(domain), 30,
        InetAddress.getByName("127.0.0.1")));
    ZoneView view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    RegistryZoneHandler zone = new RegistryZoneHandler(new RegistryZone(records, view, discovery), ClientZones.NONE);
    QueryPipeline pipeline = QueryPipeline.standard(new QueryPipeline.Parts(new QueryMetrics(new SimpleMeterRegistry()),
        Optional.empty(), zone, Optional.empty(), Optional.empty()));
    byte[] wire = queryWire("v6." + domain + ".", Type.SRV, TCP);
    DnsRequest fast = DnsRequest.of(WireQuery.parse(wire), ZONED_CLIENT, Transport.TCP);
    DnsRequest general = new DnsRequest(new Message(wire), ZONED_CLIENT, Transport.TCP);
    byte[] generalWire = pipeline.handle(general).toCompletableFuture().join().toWire(general.maxReplySize());
    assertThat(new Message(generalWire).getRcode()).isEqualTo(Rcode.SERVFAIL);
    byte[] fastWire = pipeline.handle(fast).toCompletableFuture().join().toWire(fast.maxReplySize());
    assertThat(hex(fastWire)).isEqualTo(hex(generalWire));
  }

  // ---- the handlers around the registry's zone ----

  @ParameterizedTest(name = "RA available: {0}")
  @CsvSource({"true", "false"})
  void recursionAvailableIsSetOrClearedInEncodedBytesAsInDnsjavasMessage(boolean available) throws Exception {
    byte[] wire = queryWire("solo.service.local.", Type.A, UDP_EDNS);
    RecursionAvailableHandler ra = new RecursionAvailableHandler(address -> available);
    RegistryZoneHandler zone = HANDLERS.get("service.local");
    DnsRequest fast = DnsRequest.of(WireQuery.parse(wire), ZONED_CLIENT, Transport.UDP);
    DnsRequest general = new DnsRequest(new Message(wire), ZONED_CLIENT, Transport.UDP);
    DnsReply fastReply = ra.handle(fast, r -> zone.handle(r, REFUSE)).toCompletableFuture().join();
    DnsReply generalReply = ra.handle(general, r -> zone.handle(r, REFUSE)).toCompletableFuture().join();

    assertThat(isEncoded(fastReply)).isTrue();
    assertThat(fastReply.message().getHeader().getFlag(Flags.RA)).isEqualTo(available);
    assertThat(fastReply.toWire(fast.maxReplySize())).isEqualTo(generalReply.toWire(general.maxReplySize()));
  }

  @Test
  void recursionAvailableIsClearedFromAnEncodedReplyThatHadIt() throws Exception {
    Message withRa = ReplyMessages.reply(new Message(queryWire("x.service.local.", Type.A, UDP)), Rcode.NXDOMAIN);
    withRa.getHeader().setFlag(Flags.RA);
    DnsReply encoded = DnsReply.encoded(withRa.toWire());
    DnsRequest request = DnsRequest.of(WireQuery.parse(queryWire("x.service.local.", Type.A, UDP)),
        ZONED_CLIENT, Transport.UDP);
    DnsReply reply = new RecursionAvailableHandler(address -> false)
        .handle(request, r -> CompletableFuture.completedFuture(encoded)).toCompletableFuture().join();
    Message m = reply.message();
    assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
  }

  @Test
  void metricsCountTheResponseCodeOfEncodedReplies() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MetricsHandler metrics = new MetricsHandler(new QueryMetrics(meters));
    RecursionAvailableHandler ra = new RecursionAvailableHandler(address -> true);
    RegistryZoneHandler zone = HANDLERS.get("service.local");
    DnsRequest fast = DnsRequest.of(WireQuery.parse(queryWire("web.service.local.", Type.A, UDP)),
        ZONED_CLIENT, Transport.UDP);
    DnsReply reply = metrics.handle(fast, r -> ra.handle(r, s -> zone.handle(s, REFUSE))).toCompletableFuture().join();
    assertThat(isEncoded(reply)).isTrue();
    assertThat(count(meters, "A", "NOERROR")).isEqualTo(1.0);

    // An encoded NXDOMAIN with RA set: the RA bit shares the byte with the response code and must not leak in.
    Message nx = ReplyMessages.reply(fast.query(), Rcode.NXDOMAIN);
    DnsReply encodedNx = DnsReply.encoded(nx.toWire());
    metrics.handle(fast, r -> ra.handle(r, s -> CompletableFuture.completedFuture(encodedNx)))
        .toCompletableFuture().join();
    assertThat(encodedNx.message().getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(count(meters, "A", "NXDOMAIN")).isEqualTo(1.0);
  }

  /**
   * The standard chain in front of the zone treats a request kept as bytes as it treats one dnsjava parsed:
   * the wire rules (EDNS version, class, transfers) answer first, and the zone's answers are the same bytes.
   */
  @ParameterizedTest(name = "{0} {1} {2}, EDNS version {3}")
  @CsvSource(delimiter = '|', textBlock = """
      solo.service.local.       | A     | IN  | 0
      solo.service.local.       | A     | IN  | 1
      solo.service.local.       | A     | CH  | -1
      solo.service.local.       | AXFR  | IN  | -1
      _solo._tcp.service.local. | SRV   | IN  | 0
      service.local.            | SOA   | IN  | 0
      web.example.org.          | A     | IN  | 0
      version.bind.             | TXT   | CH  | -1
      """)
  void throughTheStandardChainBothRequestsGetTheSameBytes(String qname, String type, String dclass, int version)
      throws Exception {
    QueryPipeline pipeline = QueryPipeline.standard(new QueryPipeline.Parts(new QueryMetrics(new SimpleMeterRegistry()),
        Optional.of("signpost-test"), HANDLERS.get("service.local"), Optional.empty(),
        Optional.of(new QueryPipeline.Recursion(address -> true, (r, next) -> next.proceed(r)))));
    Message q = Message.newQuery(Record.newRecord(Name.fromString(qname), Type.value(type), DClass.value(dclass)));
    q.getHeader().setID(0x4242);
    if (version >= 0) {
      q.addRecord(new OPTRecord(1232, 0, version), Section.ADDITIONAL);
    }
    byte[] wire = q.toWire();
    DnsRequest fast = DnsRequest.of(WireQuery.parse(wire), ZONED_CLIENT, Transport.UDP);
    DnsRequest general = new DnsRequest(new Message(wire), ZONED_CLIENT, Transport.UDP);
    byte[] fastWire = pipeline.handle(fast).toCompletableFuture().join().toWire(fast.maxReplySize());
    byte[] generalWire = pipeline.handle(general).toCompletableFuture().join().toWire(general.maxReplySize());
    assertThat(hex(fastWire)).as(new Message(generalWire).toString()).isEqualTo(hex(generalWire));
  }

  // ---- helpers ----

  /** One query sent both ways; the bytes each reply puts on the wire. */
  private record Exchange(DnsRequest fast, DnsReply fastReply, byte[] fastWire, DnsRequest general,
      DnsReply generalReply, byte[] generalWire) {

    /** Whether the bytes path answered: an encoded reply parses its bytes anew on every call. */
    boolean encoded() {
      return isEncoded(fastReply);
    }
  }

  private static Exchange exchange(String domain, Question question, Shape shape) throws Exception {
    byte[] wire = queryWire(question.name(domain), question.type(), shape);
    WireQuery common = WireQuery.parse(wire);
    assertThat(common).as("the query has the common shape").isNotNull();
    RegistryZoneHandler handler = HANDLERS.get(domain);
    DnsRequest fast = DnsRequest.of(common, shape.client(), shape.transport());
    DnsReply fastReply = handler.handle(fast, REFUSE).toCompletableFuture().join();
    DnsRequest general = new DnsRequest(new Message(wire), shape.client(), shape.transport());
    DnsReply generalReply = handler.handle(general, REFUSE).toCompletableFuture().join();
    assertThat(isEncoded(generalReply)).as("a parsed request is answered through dnsjava").isFalse();
    return new Exchange(fast, fastReply, fastReply.toWire(fast.maxReplySize()), general, generalReply,
        generalReply.toWire(general.maxReplySize()));
  }

  private static boolean isEncoded(DnsReply reply) {
    return reply instanceof DnsReply.Encoded;
  }

  private static byte[] queryWire(String qname, int type, Shape shape) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN));
    q.getHeader().setID(0xBEEF);
    if (!shape.rd()) {
      q.getHeader().unsetFlag(Flags.RD);
    }
    if (shape.adCd()) {
      q.getHeader().setFlag(Flags.AD);
      q.getHeader().setFlag(Flags.CD);
    }
    if (shape.payload() >= 0) {
      q.addRecord(new OPTRecord(shape.payload(), 0, 0, shape.ednsFlags()), Section.ADDITIONAL);
    }
    return q.toWire();
  }

  /**
   * Whether the bytes path should answer: a positive A/AAAA/SRV answer to a service's name, tags or not (A and
   * AAAA only for {@code [<tag>.]<svc>.<domain>}; ANY of {@code _<svc>._<tag>} is SRV), every SRV target an address name, and the whole reply,
   * written without compressing anything but owners to the question and glue owners to the domain in it,
   * within the client's size.
   */
  private static boolean expectEncoded(Question question, String domain, Exchange e) throws Exception {
    int type = question.type();
    NameForm form = new NamingScheme(ZONES.get(domain).origin()).parse(Name.fromString(question.name(domain)));
    // A datacenter form is planned as the name without the datacenter; its first glue owner spells out more.
    boolean datacenterForm = form instanceof NameForm.InDatacenter;
    if (form instanceof NameForm.InDatacenter d) {
      form = d.form();
    }
    boolean serviceName = form instanceof NameForm.Service;
    // ANY of a tagged RFC 2782 name is its SRV records alone (no DNS-SD browse PTRs after them).
    boolean rfcSrv = form instanceof NameForm.RfcService r && (type == Type.SRV || (type == Type.ANY
        && !r.tags().isEmpty()));
    if (!rfcSrv && !(serviceName && (type == Type.A || type == Type.AAAA || type == Type.SRV))) {
      return false;
    }
    Message full = e.generalReply().message();
    if (full.getRcode() != Rcode.NOERROR || full.getSection(Section.ANSWER).isEmpty()) {
      return false;
    }
    Name origin = ZONES.get(domain).origin();
    Name addressParent = Name.concatenate(Name.fromString("addr"), origin);
    int head = datacenterForm ? origin.getLabelString(0).length() + 1 : 0;
    int size = 12 + full.getQuestion().getName().length() + 4;
    for (Record r : full.getSection(Section.ANSWER)) {
      if (r instanceof SRVRecord srv && !srv.getTarget().subdomain(addressParent)) {
        return false;
      }
      size += 2 + 10 + r.rdataToWireCanonical().length;
    }
    boolean firstGlue = true;
    for (Record r : full.getSection(Section.ADDITIONAL)) {
      if (r instanceof OPTRecord) {
        size += 11;
        continue;
      }
      // The first glue owner is <hex>.addr + a pointer to the domain (datacenter form: <hex>.addr.service + a
      // pointer to the parent); later ones <hex> + a pointer to its addr.
      int hexLabel = r.getName().length() - addressParent.length();
      size += (firstGlue ? hexLabel + 5 + head + 2 : hexLabel + 2) + 10 + r.rdataToWireCanonical().length;
      firstGlue = false;
    }
    return size <= e.fast().maxReplySize();
  }

  /**
   * {@code _dns-sd._udp.<domain>}: DNS-SD's name, and the RFC 2782 name of the service {@code dns-sd}. The bytes
   * path answers it as the latter; the general path answers the same.
   */
  private static boolean isDnsSdServiceTypesParent(Question question) {
    return question.template().toLowerCase(Locale.ROOT).startsWith("_dns-sd._udp.");
  }

  /** A reply as text: its header and every record of every section, in order. */
  private static String describe(byte[] wire) throws Exception {
    Message m = new Message(wire);
    StringBuilder s = new StringBuilder(m.getHeader().toString()).append('\n');
    for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      s.append(Section.string(section)).append(":\n");
      for (Record r : m.getSection(section)) {
        s.append("  ").append(r.toString().replaceAll("\\s+", " ")).append('\n');
      }
    }
    return s.toString();
  }

  /** The section's records as zone-file lines, in order; OPT left out. */
  private static List<String> lines(Message m, int section) {
    return m.getSection(section).stream().filter(r -> !(r instanceof OPTRecord))
        .map(r -> r.toString().replaceAll("\\s+", " ")).toList();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  private static double count(SimpleMeterRegistry meters, String type, String rcode) {
    var counter = meters.find("signpost.dns.queries").tag("type", type).tag("rcode", rcode).counter();
    return counter == null ? 0 : counter.count();
  }

  /** web → wEb: odd letters upper case. */
  private static String mixedCase(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(i % 2 == 1 ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  private static Instance instance(String id, String service, String address, int port, List<String> tags,
      Weights weights, String zone) {
    return new Instance(id, ServiceName.of(service), address, port, tags, Map.of(), weights, new Locality("", zone),
        List.of(), InstanceHealth.NONE, 0, 0);
  }

  private static Instance ttlChecked(Instance instance) {
    return instance.withChecks(List.of(CheckSpec.ttl(instance.id() + "-ttl", Duration.ofMinutes(10))));
  }

  private static void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  private static void report(String id, HealthStatus status) {
    discovery.reportTtl(id + "-ttl", status, "").toCompletableFuture().join();
  }

  private static InetAddress loopback(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
