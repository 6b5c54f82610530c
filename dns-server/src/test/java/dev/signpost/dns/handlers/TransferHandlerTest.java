package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.name;
import static dev.signpost.dns.handlers.Queries.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Cidr;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Signature;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.metrics.TransferMeters;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneContents;
import dev.signpost.zones.ZoneHistory;
import dev.signpost.zones.ZoneView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * {@link TransferHandler} alone, over a real in-memory registry and its zone, as the launcher wires it: the messages
 * of each transfer are read from its stream as the TCP transport would, and checked record by record.
 */
class TransferHandlerTest {

  static final Name ORIGIN = name("service.local.");
  static final InetSocketAddress ALLOWED = new InetSocketAddress("127.0.0.1", 53000);
  static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.7", 53000);
  static final long MASK = 0xFFFFFFFFL;

  final ServiceDiscovery discovery = ServiceDiscovery.builder().healthFilter(HealthFilter.DEFAULT).build();
  final RecordFactory records = records();
  final ZoneView view = new ZoneView(records, discovery::serving);
  final ZoneContents contents = new ZoneContents(records, discovery);
  final ZoneHistory history;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TransferHandler handler;

  TransferHandlerTest() {
    discovery.addListener(view);
    history = new ZoneHistory(view, contents, discovery, 3);
    discovery.addListener(history);
    handler = new TransferHandler(contents, view, Optional.of(history), Optional.empty(),
        List.of(Cidr.parse("127.0.0.0/8")), 2, new TransferMeters(meters));
    register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of("v1")));
    register(Instance.of("web-2", "web", "2001:db8::2", 80, List.of("v2")));
    register(Instance.of("db-1", "db", "10.0.0.3", 5432, List.of()));
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  @Test
  void anAxfrIsTheSoaEveryRecordOnceAndTheSoaAgain() {
    Message query = query("service.local. AXFR");

    List<Message> messages = transfer(handler, request(query, ALLOWED));

    List<Record> sent = answers(messages);
    SOARecord soa = view.current().soa();
    assertThat(sent.get(0)).isEqualTo(soa);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(soa);
    List<String> between = texts(sent.subList(1, sent.size() - 1));
    assertThat(between).doesNotHaveDuplicates().noneMatch(r -> r.contains(" SOA "))
        .containsExactlyInAnyOrderElementsOf(withoutSoa(contents.all(view.current())))
        .contains("web.service.local. 5 IN A 10.0.0.1", "web.service.local. 5 IN AAAA 2001:db8:0:0:0:0:0:2",
            "db.service.local. 5 IN A 10.0.0.3");
    Message first = messages.get(0);
    assertThat(first.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(first.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(first.getQuestion().getName()).isEqualTo(ORIGIN);
    assertThat(meters.counter("signpost.dns.transfers", "type", "axfr").count()).isEqualTo(1);
  }

  @Test
  void anIxfrAtOurSerialGetsTheSoaAlone() {
    SOARecord soa = view.current().soa();

    List<Record> sent = answers(transfer(handler, request(ixfr(soa.getSerial()), ALLOWED)));

    assertThat(sent).containsExactly(soa);
  }

  /**
   * RFC 1995 §2: "If an IXFR query with the same or newer version number than that of the server is received, it is
   * replied to with a single SOA record of the server's current version". Newer as RFC 1982 counts, across the wrap.
   */
  @ParameterizedTest(name = "our serial + {0}")
  @ValueSource(longs = {1, 1000, (1L << 31) - 1})
  void anIxfrFromASerialAheadOfOursGetsTheSoaAlone(long ahead) {
    SOARecord soa = view.current().soa();

    List<Record> sent = answers(transfer(handler, request(ixfr((soa.getSerial() + ahead) & MASK), ALLOWED)));

    assertThat(sent).containsExactly(soa);
  }

  @Test
  void anIxfrFromASerialInTheHistoryGetsEachDifferenceAndTurnsTheOldZoneIntoOurs() {
    long old = view.current().soa().getSerial();
    Set<String> zone = new HashSet<>(withoutSoa(contents.all(view.current())));
    register(Instance.of("web-3", "web", "10.0.0.4", 80, List.of()));
    discovery.deregister("db-1").toCompletableFuture().join();
    SOARecord soa = view.current().soa();

    List<Record> sent = answers(transfer(handler, request(ixfr(old), ALLOWED)));

    // RFC 1995 §4: our SOA, then per change: the old SOA, what left, the new SOA, what came; our SOA last.
    assertThat(sent.get(0)).isEqualTo(soa);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(soa);
    long at = old;
    int changes = 0;
    int i = 1;
    while (i < sent.size() - 1) {
      assertThat(((SOARecord) sent.get(i)).getSerial()).as("a change starts from where the last one ended")
          .isEqualTo(at);
      for (i++; !(sent.get(i) instanceof SOARecord); i++) {
        assertThat(zone.remove(text(sent.get(i)))).as("deleted " + sent.get(i)).isTrue();
      }
      at = ((SOARecord) sent.get(i)).getSerial();
      for (i++; !(sent.get(i) instanceof SOARecord); i++) {
        assertThat(zone.add(text(sent.get(i)))).as("added " + sent.get(i)).isTrue();
      }
      changes++;
    }
    assertThat(changes).isEqualTo(2);
    assertThat(at).isEqualTo(soa.getSerial());
    assertThat(zone).containsExactlyInAnyOrderElementsOf(withoutSoa(contents.all(view.current())));
  }

  /** RFC 1995 §4: a server that cannot send differences sends the whole zone, told apart by its second record. */
  @Test
  void anIxfrFromASerialOlderThanTheHistoryGetsTheWholeZone() {
    long old = view.current().soa().getSerial();
    for (int i = 1; i <= 4; i++) {
      register(Instance.of("api-" + i, "api", "10.0.1." + i, 80, List.of()));
    }
    assertThat(history.since(old)).isInstanceOf(ZoneHistory.Full.class);

    assertWholeZone(answers(transfer(handler, request(ixfr(old), ALLOWED))));
  }

  /** Half the serial space behind, or more, is older as RFC 1982 counts (exactly half is undefined: the zone). */
  @ParameterizedTest(name = "our serial + {0}")
  @ValueSource(longs = {1L << 31, (1L << 31) + 1, (1L << 32) - 100})
  void anIxfrFromASerialBehindOursAcrossTheWrapGetsTheWholeZone(long ahead) {
    long serial = (view.current().soa().getSerial() + ahead) & MASK;

    assertWholeZone(answers(transfer(handler, request(ixfr(serial), ALLOWED))));
  }

  @Test
  void anIxfrWithoutTheClientsSoaIsFormerr() {
    Message reply = reply(handler, request(query("service.local. IXFR"), ALLOWED));
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"service.local. AXFR", "service.local. IXFR"})
  void aClientNeitherAllowedNorSigningIsRefused(String question) {
    Message query = question.endsWith("IXFR") ? ixfr(1) : query(question);

    Message reply = reply(handler, request(query, STRANGER));

    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(meters.counter("signpost.dns.transfers.refused", "reason", "not_allowed").count()).isEqualTo(1);
  }

  @Test
  void aSignedQueryMayTransferFromAnywhere() {
    DnsRequest signed = request(query("service.local. AXFR"), STRANGER).signed(signature());

    List<Record> sent = answers(transfer(handler, signed));

    assertThat(sent.get(0)).isEqualTo(view.current().soa());
  }

  /** RFC 5936 §2.2.1: a server not authoritative for the zone asked for SHOULD answer NotAuth. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web.service.local.", "local.", "example.org.", "addr.service.local."})
  void aTransferOfANameThatIsNoZoneOfOursIsNotauth(String qname) {
    Message reply = reply(handler, request(query(qname + " AXFR"), ALLOWED));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
  }

  @Test
  void overUdpAnAxfrIsFormerrAndAnIxfrGetsTheSoa() {
    Message axfr = reply(handler, new DnsRequest(query("service.local. AXFR"), ALLOWED, Transport.UDP));
    Message ixfr = reply(handler, new DnsRequest(ixfr(1), ALLOWED, Transport.UDP));

    assertThat(axfr.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(ixfr.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ixfr.getSection(Section.ANSWER)).containsExactly(view.current().soa());
  }

  @Test
  void oneTransferMoreThanTheMostAtOnceGetsServfailUntilOneCloses() {
    DnsReply.Transfer first = started(handler);
    DnsReply.Transfer second = started(handler);

    assertThat(reply(handler, request(query("service.local. AXFR"), ALLOWED)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(meters.counter("signpost.dns.transfers.refused", "reason", "busy").count()).isEqualTo(1);
    first.stream().close();
    first.stream().close(); // twice frees one place, not two
    DnsReply.Transfer third = started(handler);
    assertThat(reply(handler, request(query("service.local. AXFR"), ALLOWED)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    second.stream().close();
    third.stream().close();
  }

  @Test
  void otherQueriesPassOn() {
    RestOfChain rest = new RestOfChain();
    DnsRequest request = request(query("service.local. SOA"), ALLOWED);
    rest.assertPassedOn(request, handler.handle(request, rest.next));
  }

  /**
   * A zone far larger than a message is cut into several, each within the 64 KiB a TCP frame holds once signed, and
   * every record is in exactly one of them: 40 services of 25 instances, about 10,000 records.
   */
  @Test
  void aLargeZoneIsSentInSeveralMessagesEachWithin64KibWithEveryRecordOnce() {
    for (int s = 0; s < 40; s++) {
      for (int i = 0; i < 25; i++) {
        register(Instance.of("svc" + s + "-" + i, "svc" + s, "10." + s + ".0." + (i + 1), 8000 + i,
            List.of("t" + (i % 3))));
      }
    }
    TSIG key = new TSIG(TSIG.HMAC_SHA512, name("xfr."), new byte[64]);
    Message query = query("service.local. AXFR");

    List<Message> messages = transfer(handler, request(query, ALLOWED));

    assertThat(messages).hasSizeGreaterThan(2);
    TSIGRecord previous = null;
    for (Message m : messages) {
      key.apply(m, Rcode.NOERROR, previous, previous == null);
      previous = m.getTSIG();
      assertThat(m.toWire().length).isLessThanOrEqualTo(65_535);
      assertThat(m.getHeader().getID()).isEqualTo(query.getHeader().getID());
    }
    assertThat(messages.subList(1, messages.size())).allSatisfy(m -> assertThat(m.getQuestion()).isNull());
    List<Record> sent = answers(messages);
    assertThat(sent).hasSizeGreaterThan(5_000);
    assertWholeZone(sent);
  }

  private void assertWholeZone(List<Record> sent) {
    SOARecord soa = view.current().soa();
    assertThat(sent.get(0)).isEqualTo(soa);
    assertThat(sent.get(1)).isNotInstanceOf(SOARecord.class);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(soa);
    List<String> between = texts(sent.subList(1, sent.size() - 1));
    assertThat(between).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(withoutSoa(contents.all(view.current())));
  }

  private void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  private static RecordFactory records() {
    try {
      return new RecordFactory(new ZoneConfig(ORIGIN, 5, InetAddress.getByName("127.0.0.1")));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Message query(String question) {
    return Queries.query(question);
  }

  /** An IXFR query for our zone from a client at {@code serial}: its SOA in the authority section (RFC 1995 §3). */
  private static Message ixfr(long serial) {
    Message query = query("service.local. IXFR");
    query.addRecord(new SOARecord(ORIGIN, DClass.IN, 0, ORIGIN, ORIGIN, serial, 0, 0, 0, 0), Section.AUTHORITY);
    return query;
  }

  private static DnsRequest request(Message query, InetSocketAddress client) {
    return new DnsRequest(query, client, Transport.TCP);
  }

  private static Signature signature() {
    TSIG key = new TSIG(TSIG.HMAC_SHA256, name("xfr."), new byte[32]);
    Message query = query("service.local. AXFR");
    query.setTSIG(key, Rcode.NOERROR, null);
    try {
      return new Signature(key, new Message(query.toWire(Message.MAXLENGTH)).getTSIG());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The messages of the transfer the handler answered with, read to the end and closed, as TCP does. */
  private static List<Message> transfer(TransferHandler handler, DnsRequest request) {
    DnsReply reply = Queries.ready(handler.handle(request, RestOfChain.NEVER));
    assertThat(reply).isInstanceOf(DnsReply.Transfer.class);
    List<Message> messages = new ArrayList<>();
    try (var stream = ((DnsReply.Transfer) reply).stream()) {
      for (Message m = stream.next(); m != null; m = stream.next()) {
        messages.add(m);
      }
    }
    return messages;
  }

  /** A transfer begun and left open, as over a connection that has not read it all yet. */
  private static DnsReply.Transfer started(TransferHandler handler) {
    DnsReply reply = Queries.ready(handler.handle(request(query("service.local. AXFR"), ALLOWED), RestOfChain.NEVER));
    assertThat(reply).isInstanceOf(DnsReply.Transfer.class);
    return (DnsReply.Transfer) reply;
  }

  private static Message reply(TransferHandler handler, DnsRequest request) {
    DnsReply reply = Queries.ready(handler.handle(request, RestOfChain.NEVER));
    assertThat(reply).isNotInstanceOf(DnsReply.Transfer.class);
    return reply.message();
  }

  private static List<Record> answers(List<Message> messages) {
    return messages.stream().flatMap(m -> m.getSection(Section.ANSWER).stream()).toList();
  }

  private static List<String> texts(List<Record> records) {
    return records.stream().map(Queries::text).toList();
  }

  private static List<String> withoutSoa(List<Record> records) {
    return records.stream().filter(r -> r.getType() != Type.SOA).map(Queries::text).toList();
  }
}
