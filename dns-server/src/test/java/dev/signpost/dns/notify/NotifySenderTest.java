package dev.signpost.dns.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.testing.ManualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class NotifySenderTest {

  private static final Name ZONE = Name.fromConstantString("service.local.");
  private static final Name KEY_NAME = Name.fromConstantString("xfr-key.");
  private static final byte[] SECRET = "signpost-notify-test-secret-32by".getBytes(StandardCharsets.US_ASCII);

  private final ManualScheduler scheduler = new ManualScheduler(new ManualTime());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Sent> sent = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  private final NotifyTarget knot = NotifyTarget.parse("127.0.0.1:5301");
  private final NotifyTarget nsd = NotifyTarget.parse("127.0.0.1:5302@xfr-key");
  private final Clock clock = Clock.fixed(ManualTime.START, ZoneOffset.UTC);

  private TSIG key(byte[] secret) {
    return new TSIG(TSIG.HMAC_SHA256, KEY_NAME, new SecretKeySpec(secret, "HmacSHA256"), clock);
  }

  private record Sent(InetSocketAddress to, Message message, byte[] wire, Duration at) {}

  private NotifySender sender(NotifyTarget... targets) {
    return new NotifySender(List.of(targets), name -> Optional.of(key(SECRET)).filter(k -> name.equals(KEY_NAME)),
        scheduler, (to, wire) -> sent.add(new Sent(to, parse(wire), wire, elapsed())), meters, ids::incrementAndGet);
  }

  private final long start = scheduler.time().nanoTime();

  private Duration elapsed() {
    return Duration.ofNanos(scheduler.time().nanoTime() - start);
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static SOARecord soa(long serial) {
    return new SOARecord(ZONE, DClass.IN, 5, Name.fromConstantString("ns.service.local."),
        Name.fromConstantString("hostmaster.service.local."), serial, 60, 10, 3600, 5);
  }

  private static long serialOf(Sent s) {
    return ((SOARecord) s.message().getSection(Section.ANSWER).get(0)).getSerial();
  }

  private static byte[] reply(Sent notify, int rcode, Optional<TSIG> key) {
    Message query = notify.message();
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.getHeader().setOpcode(Opcode.NOTIFY);
    reply.getHeader().setRcode(rcode);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    key.ifPresent(k -> k.apply(reply, query.getTSIG()));
    return reply.toWire();
  }

  private double count(String meter, String target, String... tags) {
    var search = meters.find(meter).tag("target", target);
    for (int i = 0; i < tags.length; i += 2) {
      search = search.tag(tags[i], tags[i + 1]);
    }
    return search.counter().count();
  }

  @Test
  void aNewSerialSendsANotifyWithTheZonesSoaQuestionAndTheNewSoaInTheAnswer() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.runDue();

    assertThat(sent).hasSize(1);
    Message m = sent.get(0).message();
    assertThat(sent.get(0).to()).isEqualTo(knot.socketAddress());
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.QR)).isFalse();
    assertThat(m.getQuestion()).isEqualTo(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    assertThat(m.getSection(Section.ANSWER)).containsExactly(soa(7));
    assertThat(m.getTSIG()).isNull();
    assertThat(count("signpost.notify.sent", "127.0.0.1:5301")).isEqualTo(1);
  }

  @Test
  void aBurstOfChangesSendsAFewNotifiesSpacedByAtLeast100MsTheLastWithTheNewestSerial() {
    NotifySender sender = sender(knot);
    for (int serial = 1; serial <= 300; serial++) {
      sender.publish(soa(serial));
      scheduler.advance(Duration.ofMillis(1));
    }
    scheduler.advance(Duration.ofMillis(200));

    assertThat(sent).hasSizeBetween(3, 5);
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).at().minus(sent.get(i - 1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
    assertThat(serialOf(sent.get(sent.size() - 1))).isEqualTo(300);
  }

  @Test
  void anUnansweredNotifyIsRetriedAfter2SThenDoublingUpTo60SAndCountedAsTimedOut() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.advance(Duration.ofMinutes(5));

    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < sent.size(); i++) {
      gaps.add(sent.get(i).at().minus(sent.get(i - 1).at()).toSeconds());
    }
    assertThat(gaps).startsWith(2L, 4L, 8L, 16L, 32L, 60L, 60L);
    assertThat(sent).allSatisfy(s -> assertThat(serialOf(s)).isEqualTo(7));
    assertThat(count("signpost.notify.failed", "127.0.0.1:5301", "reason", "timeout")).isEqualTo(sent.size() - 1);
  }

  @Test
  void anAcknowledgedNotifyIsNotSentAgainUntilTheNextChange() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.runDue();
    sender.received(knot.socketAddress(), reply(sent.get(0), Rcode.NOERROR, Optional.empty()));
    scheduler.advance(Duration.ofMinutes(10));

    assertThat(sent).hasSize(1);
    assertThat(sender.acknowledged(knot, ZONE)).isEqualTo(7);
    assertThat(count("signpost.notify.acknowledged", "127.0.0.1:5301")).isEqualTo(1);
    sender.publish(soa(7)); // the same serial again (a reload that changed nothing)
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(sent).hasSize(1);
    sender.publish(soa(8));
    scheduler.runDue();
    assertThat(sent).hasSize(2);
    assertThat(serialOf(sent.get(1))).isEqualTo(8);
  }

  @Test
  void aSecondaryThatComesBackAfterALongOutageHearsOfTheNextChangeAtOnce() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.advance(Duration.ofMinutes(10)); // backed off to 60 s
    int before = sent.size();
    sender.publish(soa(8));
    scheduler.advance(Duration.ofMillis(100));
    assertThat(sent).hasSize(before + 1);
    assertThat(serialOf(sent.get(before))).isEqualTo(8);
    scheduler.advance(Duration.ofMillis(1900));
    assertThat(sent).as("the backoff starts again at 2 s").hasSize(before + 2);
  }

  @Test
  void answersWithAnotherIdOrFromAnotherAddressAreIgnored() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.runDue();
    Sent notify = sent.get(0);
    Message forged = parse(reply(notify, Rcode.NOERROR, Optional.empty()));
    forged.getHeader().setID((notify.message().getHeader().getID() + 1) & 0xFFFF);
    sender.received(knot.socketAddress(), forged.toWire());
    sender.received(new InetSocketAddress("127.0.0.1", 5399), reply(notify, Rcode.NOERROR, Optional.empty()));
    Message query = parse(reply(notify, Rcode.NOERROR, Optional.empty()));
    query.getHeader().setOpcode(Opcode.QUERY);
    sender.received(knot.socketAddress(), query.toWire());
    sender.received(knot.socketAddress(), new byte[] {1, 2, 3});

    assertThat(sender.acknowledged(knot, ZONE)).isEqualTo(-1);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(sent).hasSize(2);
  }

  @Test
  void aRefusedNotifyIsCountedAndRetriedOnTheBackoff() {
    NotifySender sender = sender(knot);
    sender.publish(soa(7));
    scheduler.runDue();
    sender.received(knot.socketAddress(), reply(sent.get(0), Rcode.REFUSED, Optional.empty()));

    assertThat(count("signpost.notify.failed", "127.0.0.1:5301", "reason", "refused")).isEqualTo(1);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(sent).hasSize(2);
    assertThat(count("signpost.notify.failed", "127.0.0.1:5301", "reason", "timeout")).isZero();
  }

  @Test
  void aTargetWithAKeyGetsSignedNotifiesAndOnlyASignedAnswerAcknowledgesThem() {
    NotifySender sender = sender(nsd);
    TSIG key = key(SECRET);
    sender.publish(soa(7));
    scheduler.runDue();
    Sent notify = sent.get(0);
    assertThat(notify.message().getTSIG()).isNotNull();
    assertThat(notify.message().getTSIG().getName()).isEqualTo(KEY_NAME);
    assertThat(key.verify(notify.message(), notify.wire(), null)).as("our signature verifies").isEqualTo(Rcode.NOERROR);

    sender.received(nsd.socketAddress(), reply(notify, Rcode.NOERROR, Optional.empty()));
    assertThat(count("signpost.notify.failed", "127.0.0.1:5302", "reason", "bad_signature")).isEqualTo(1);
    TSIG wrong = key("another-secret-another-secret-32".getBytes(StandardCharsets.US_ASCII));
    scheduler.advance(Duration.ofSeconds(2));
    sender.received(nsd.socketAddress(), reply(sent.get(1), Rcode.NOERROR, Optional.of(wrong)));
    assertThat(count("signpost.notify.failed", "127.0.0.1:5302", "reason", "bad_signature")).isEqualTo(2);
    assertThat(sender.acknowledged(nsd, ZONE)).isEqualTo(-1);

    scheduler.advance(Duration.ofSeconds(4));
    sender.received(nsd.socketAddress(), reply(sent.get(2), Rcode.NOERROR, Optional.of(key)));
    assertThat(sender.acknowledged(nsd, ZONE)).isEqualTo(7);
  }

  @Test
  void eachSecondaryAndZoneIsToldOnItsOwn() {
    NotifySender sender = sender(knot, nsd);
    sender.publish(soa(7));
    SOARecord other = new SOARecord(Name.fromConstantString("example.org."), DClass.IN, 60,
        Name.fromConstantString("ns.example.org."), Name.fromConstantString("h.example.org."), 2024, 60, 10, 3600, 5);
    sender.publish(other);
    scheduler.runDue();

    assertThat(sent).hasSize(4);
    Sent toKnot = sent.stream().filter(s -> s.to().equals(knot.socketAddress())
        && s.message().getQuestion().getName().equals(ZONE)).findFirst().orElseThrow();
    sender.received(knot.socketAddress(), reply(toKnot, Rcode.NOERROR, Optional.empty()));
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(sent).hasSize(7);
  }

  @Test
  void serialsWrapAsRfc1982Says() {
    NotifySender sender = sender(knot);
    sender.publish(soa(4_294_967_295L));
    scheduler.runDue();
    sender.received(knot.socketAddress(), reply(sent.get(0), Rcode.NOERROR, Optional.empty()));
    sender.publish(soa(3)); // after the wrap: newer
    scheduler.advance(Duration.ofMillis(100));
    assertThat(sent).hasSize(2);
    assertThat(serialOf(sent.get(1))).isEqualTo(3);
  }

  @Test
  void aTargetNamingAnUnknownKeyIsRejected() {
    assertThatThrownBy(() -> sender(NotifyTarget.parse("127.0.0.1:5303@nokey")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--notify 127.0.0.1:5303@nokey")
        .hasMessageContaining("no --tsig-key is named nokey");
  }
}
