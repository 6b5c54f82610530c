package dev.signpost.dns.tsig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.Signature;
import dev.signpost.dns.chain.TransferStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * {@link TsigCheck} as a secondary sees it: queries signed by dnsjava's own client code (the way Knot or NSD would
 * sign them), replies verified with dnsjava's {@code TSIG.verify}. Both ends read injected clocks.
 */
class TsigCheckTest {

  static final Name KEY_NAME = Name.fromConstantString("xfr.example.");
  static final byte[] SECRET = Base64.getDecoder().decode(TsigKeysTest.SECRET);
  static final Name ZONE = Name.fromConstantString("service.local.");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final TsigCheck check = new TsigCheck(keysAt(NOW));

  @Test
  void aQueryWithoutTsigPassesUnsigned() throws Exception {
    Message query = query();
    byte[] wire = query.toWire();
    assertThat(check.check(new Message(wire), wire)).isInstanceOf(TsigCheck.Unsigned.class);
  }

  @Test
  void aCorrectlySignedQueryIsVerifiedAndItsSignedReplyVerifiesAtTheClient() throws Exception {
    TSIG client = clientKey(TSIG.HMAC_SHA256, SECRET, NOW);
    byte[] wire = signed(query(), client);
    Message parsed = new Message(wire);

    TsigCheck.Outcome outcome = check.check(parsed, wire);

    assertThat(outcome).isInstanceOf(TsigCheck.Verified.class);
    Signature signature = ((TsigCheck.Verified) outcome).signature();
    Message reply = reply(parsed);
    byte[] replyWire = TsigCheck.sign(reply, signature, 65_535);
    Message received = new Message(replyWire);
    assertThat(received.getTSIG()).isNotNull();
    assertThat(client.verify(received, replyWire, parsed.getTSIG())).isEqualTo(Rcode.NOERROR);
    assertThat(received.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void aZoneTransfersMessagesAreEachSignedAndChainedSoTheClientVerifiesTheStream() throws Exception {
    TSIG client = clientKey(TSIG.HMAC_SHA256, SECRET, NOW);
    byte[] wire = signed(query(), client);
    Message parsed = new Message(wire);
    Signature signature = ((TsigCheck.Verified) check.check(parsed, wire)).signature();
    Deque<Message> messages = new ArrayDeque<>(List.of(reply(parsed), reply(parsed), reply(parsed)));
    boolean[] closed = {false};

    TsigCheck.Signed stream = TsigCheck.stream(new TransferStream() {
      @Override
      public Message next() {
        return messages.poll();
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    }, Optional.of(signature));

    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(client, parsed.getTSIG());
    List<Integer> results = new ArrayList<>();
    for (byte[] m = stream.next(); m != null; m = stream.next()) {
      Message received = new Message(m);
      assertThat(received.getTSIG()).as("every message is signed").isNotNull();
      results.add(verifier.verify(received, m, messages.isEmpty()));
    }
    stream.close();
    assertThat(results).containsExactly(Rcode.NOERROR, Rcode.NOERROR, Rcode.NOERROR);
    assertThat(closed[0]).isTrue();
  }

  @Test
  void anUnknownKeyNameGetsNotauthWithBadkeyUnsigned() throws Exception {
    TSIG stranger = new TSIG(TSIG.HMAC_SHA256, Name.fromString("stranger."), new SecretKeySpec(SECRET, "RAW"),
        fixed(NOW));
    byte[] wire = signed(query(), stranger);

    Message reply = refusal(check.check(new Message(wire), wire), "BADKEY");

    assertUnsignedError(reply, Rcode.BADKEY);
  }

  @Test
  void aMacMadeWithAnotherSecretGetsNotauthWithBadsigUnsigned() throws Exception {
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    byte[] wire = signed(query(), clientKey(TSIG.HMAC_SHA256, other, NOW));

    Message reply = refusal(check.check(new Message(wire), wire), "BADSIG");

    assertUnsignedError(reply, Rcode.BADSIG);
  }

  @Test
  void aKnownKeyNameWithAnotherAlgorithmGetsBadkeyUnsigned() throws Exception {
    byte[] wire = signed(query(), clientKey(TSIG.HMAC_SHA512, SECRET, NOW));

    Message reply = refusal(check.check(new Message(wire), wire), "BADKEY");

    assertUnsignedError(reply, Rcode.BADKEY);
  }

  @Test
  void anAlgorithmNobodyKnowsGetsBadkeyUnsigned() throws Exception {
    Message query = query();
    query.addRecord(tsig(Name.fromString("hmac-unheard-of."), new byte[32], NOW, query), Section.ADDITIONAL);
    byte[] wire = query.toWire();

    Message reply = refusal(check.check(new Message(wire), wire), "BADKEY");

    assertUnsignedError(reply, Rcode.BADKEY);
  }

  /**
   * RFC 8945 §5.2.3: a time outside the fudge gets BADTIME, signed with the key (§5.3.2), the request's Time Signed
   * echoed and our own time in Other Data, so the client can tell how far its clock is off.
   */
  @Test
  void aTimeOutsideTheFudgeGetsBadtimeSignedWithTheServersTimeInOtherData() throws Exception {
    Instant clientTime = NOW.minus(Duration.ofMinutes(6));
    TSIG client = clientKey(TSIG.HMAC_SHA256, SECRET, clientTime);
    byte[] wire = signed(query(), client);
    Message parsed = new Message(wire);

    Message reply = refusal(check.check(parsed, wire), "BADTIME");

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
    TSIGRecord tsig = reply.getTSIG();
    assertThat(tsig.getError()).isEqualTo(Rcode.BADTIME);
    assertThat(tsig.getSignature()).hasSize(32);
    assertThat(tsig.getTimeSigned()).isEqualTo(clientTime);
    assertThat(tsig.getOther()).as("Other Data: our time, 48 bits").containsExactly(wireTime(NOW));
    byte[] replyWire = reply.toWire();
    assertThat(client.verify(new Message(replyWire), replyWire, parsed.getTSIG()))
        .as("the client verifies the BADTIME reply with the key").isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aTimeWithinTheFudgeIsVerified() throws Exception {
    byte[] wire = signed(query(), clientKey(TSIG.HMAC_SHA256, SECRET, NOW.minus(Duration.ofSeconds(299))));
    assertThat(check.check(new Message(wire), wire)).isInstanceOf(TsigCheck.Verified.class);
  }

  /**
   * RFC 8945 §5.2.2.1: a MAC Size above the hash's length, or below the larger of 10 and half of it (16 bytes for
   * HMAC-SHA256), "MUST NOT be generated and, if received, MUST cause the DNS message to be dropped and RCODE 1
   * (FORMERR) to be returned": whatever its bytes, the size alone decides.
   */
  @ParameterizedTest(name = "MAC of {0} bytes")
  @ValueSource(ints = {0, 8, 15, 33})
  void aMacSizeOutsideWhatTheAlgorithmAllowsGetsFormerr(int size) throws Exception {
    Message query = query();
    query.addRecord(tsig(TSIG.HMAC_SHA256, Arrays.copyOf(SECRET, size), NOW, query), Section.ADDITIONAL);
    byte[] wire = query.toWire();

    Message reply = refusal(check.check(new Message(wire), wire), "FORMERR");

    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getTSIG()).isNull();
  }

  /** RFC 8945 §5.1: more than one TSIG, or one that is not last, is a malformed message: FORMERR. */
  @Test
  void aTsigThatIsNotLastGetsFormerr() throws Exception {
    TSIG client = clientKey(TSIG.HMAC_SHA256, SECRET, NOW);
    Message query = new Message(signed(query(), client));
    query.addRecord(new ARecord(ZONE, DClass.IN, 60, new byte[] {10, 0, 0, 1}), Section.ADDITIONAL);
    byte[] wire = query.toWire();

    Message reply = refusal(check.check(query, wire), "FORMERR");

    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getTSIG()).isNull();
  }

  @Test
  void twoTsigRecordsGetFormerr() throws Exception {
    TSIG client = clientKey(TSIG.HMAC_SHA256, SECRET, NOW);
    Message once = new Message(signed(query(), client));
    Message twice = new Message(signed(query(), client));
    twice.getHeader().setID(once.getHeader().getID());
    once.addRecord(twice.getTSIG(), Section.ADDITIONAL);
    byte[] wire = once.toWire();

    Message reply = refusal(check.check(once, wire), "FORMERR");

    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getTSIG()).isNull();
  }

  private static Message refusal(TsigCheck.Outcome outcome, String error) throws Exception {
    assertThat(outcome).isInstanceOf(TsigCheck.Refused.class);
    TsigCheck.Refused refused = (TsigCheck.Refused) outcome;
    assertThat(refused.error()).isEqualTo(error);
    Message reply = new Message(refused.reply());
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getQuestion().getName()).isEqualTo(ZONE);
    return reply;
  }

  /** §5.3.2: NOTAUTH, the error in the TSIG record, and no MAC at all (it must not be signed). */
  private static void assertUnsignedError(Message reply, int error) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
    TSIGRecord tsig = reply.getTSIG();
    assertThat(tsig).isNotNull();
    assertThat(tsig.getError()).isEqualTo(error);
    assertThat(tsig.getSignature()).isEmpty();
  }

  static TsigKeys keysAt(Instant now) {
    return TsigKeys.of(List.of(new TsigKeys.Key(KEY_NAME, TSIG.HMAC_SHA256, SECRET)), fixed(now));
  }

  static TSIG clientKey(Name algorithm, byte[] secret, Instant now) {
    return new TSIG(algorithm, KEY_NAME, new SecretKeySpec(secret, "RAW"), fixed(now));
  }

  static Clock fixed(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  static Message query() {
    return Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
  }

  static byte[] signed(Message query, TSIG key) {
    query.setTSIG(key, Rcode.NOERROR, null);
    return query.toWire(Message.MAXLENGTH); // toWire() alone would not sign
  }

  private static Message reply(Message query) throws Exception {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    reply.addRecord(new ARecord(ZONE, DClass.IN, 60, new byte[] {10, 0, 0, 1}), Section.ANSWER);
    return reply;
  }

  private static TSIGRecord tsig(Name algorithm, byte[] mac, Instant signed, Message query) {
    return new TSIGRecord(KEY_NAME, DClass.ANY, 0, algorithm, signed, TSIG.FUDGE, mac, query.getHeader().getID(),
        Rcode.NOERROR, null);
  }

  private static byte[] wireTime(Instant time) {
    long seconds = time.getEpochSecond();
    byte[] b = new byte[6];
    for (int i = 5; i >= 0; i--) {
      b[i] = (byte) seconds;
      seconds >>>= 8;
    }
    return b;
  }
}
