package dev.signpost.dns.tsig;

import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs a BADTIME reply (RFC 8945 §5.2.3, §5.3.2): the request's Time Signed echoed, our time as Other Data, and a
 * MAC over the request's MAC, the reply and every TSIG variable, Other Data included (§4.3.3). dnsjava 3.6 cannot: its
 * {@code TSIG.generate} puts our time in Other Data but digests Other Len 0, so every verifier (dnsjava's own, Knot,
 * BIND) rejects the reply as BADSIG, and the client never learns that its clock is off.
 */
final class BadTimeSignature {

  private BadTimeSignature() {}

  /** {@code reply} (unsigned, not yet encoded) with its BADTIME TSIG record, as bytes. */
  static byte[] sign(Message reply, TSIGRecord queryTsig, TsigKeys.Key key, Instant now) {
    byte[] other = time(now);
    DNSOutput digested = new DNSOutput();
    digested.writeU16(queryTsig.getSignature().length);
    digested.writeByteArray(queryTsig.getSignature());
    digested.writeByteArray(reply.toWire());
    key.name().toWireCanonical(digested);
    digested.writeU16(DClass.ANY);
    digested.writeU32(0);
    key.algorithm().toWireCanonical(digested);
    digested.writeByteArray(time(queryTsig.getTimeSigned()));
    digested.writeU16((int) TSIG.FUDGE.getSeconds());
    digested.writeU16(Rcode.BADTIME);
    digested.writeU16(other.length);
    digested.writeByteArray(other);
    byte[] mac;
    try {
      String algorithm = TSIG.nameToAlgorithm(key.algorithm());
      Mac hmac = Mac.getInstance(algorithm);
      hmac.init(new SecretKeySpec(key.secret(), algorithm));
      mac = hmac.doFinal(digested.toByteArray());
    } catch (GeneralSecurityException e) {
      // TsigKeys accepts only the HMACs every JDK provides.
      throw new IllegalStateException("cannot sign with " + key.algorithm(), e);
    }
    reply.addRecord(new TSIGRecord(key.name(), DClass.ANY, 0, key.algorithm(), queryTsig.getTimeSigned(), TSIG.FUDGE,
        mac, reply.getHeader().getID(), Rcode.BADTIME, other), Section.ADDITIONAL);
    return reply.toWire();
  }

  /** A time as TSIG writes it: 48 bits of seconds. */
  private static byte[] time(Instant instant) {
    long seconds = instant.getEpochSecond();
    DNSOutput out = new DNSOutput(6);
    out.writeU16((int) (seconds >>> 32));
    out.writeU32(seconds & 0xFFFFFFFFL);
    return out.toByteArray();
  }
}
