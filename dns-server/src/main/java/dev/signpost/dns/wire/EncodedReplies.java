package dev.signpost.dns.wire;

import dev.signpost.core.lb.Client;
import dev.signpost.zones.EncodedAnswer;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.WireOutput;
import org.xbill.DNS.Type;

/**
 * Replies to common queries ({@link WireQuery}) written as bytes, with the header, question and OPT that
 * {@link ReplyMessages#authoritative} would give them, around the records the registry's zone encodes. Each
 * thread writes into its own buffer; the reply is a copy of the bytes written.
 */
public final class EncodedReplies {

  private static final int FLAG_QR = 0x80;
  private static final int FLAG_AA = 0x04;
  private static final int FLAG_RD = 0x01;
  private static final ThreadLocal<WireOutput> BUFFERS =
      ThreadLocal.withInitial(() -> new WireOutput(PayloadSizes.TCP));

  private EncodedReplies() {}

  /**
   * The registry's authoritative answer to a common query, encoded within the size the client accepts;
   * null when the zone leaves the question to its general lookup, or the answer would not fit (the general
   * path truncates it by the rules).
   */
  public static byte[] registryAnswer(RegistryZone zone, WireQuery query, int maxReplySize, Client client) {
    byte[] wire = query.wire();
    WireOutput out = BUFFERS.get();
    int optLength = query.hasEdns() ? WireQuery.OPT_LENGTH : 0;
    out.reset(maxReplySize - optLength);
    out.u16(query.id());
    out.u8(FLAG_QR | FLAG_AA | (query.recursionDesired() ? FLAG_RD : 0));
    out.u8(0);
    out.u16(1);
    out.u16(0); // answers, filled in below
    out.u16(0);
    out.u16(0); // additional, filled in below
    out.bytes(wire, WireQuery.QUESTION_START, query.questionEnd() - WireQuery.QUESTION_START);
    EncodedAnswer answer = zone.encode(wire, WireQuery.QUESTION_START, query.nameEnd(), query.qtype(), client, out);
    if (answer == null || out.overflowed()) {
      return null;
    }
    int additional = answer.additional();
    if (query.hasEdns()) {
      out.extendLimit(optLength);
      out.u8(0); // the root owns OPT
      out.u16(Type.OPT);
      out.u16(PayloadSizes.EDNS_UDP);
      out.u8(0); // extended rcode
      out.u8(0); // version
      out.u16(query.dnssecOk() ? 0x8000 : 0); // DO is copied (RFC 3225)
      out.u16(0); // no options
      additional++;
    }
    out.u16At(6, answer.answers());
    out.u16At(10, additional);
    return out.toByteArray();
  }
}
