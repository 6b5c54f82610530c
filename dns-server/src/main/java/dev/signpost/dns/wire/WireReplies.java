package dev.signpost.dns.wire;

import dev.signpost.zones.AnswerPlan;
import dev.signpost.zones.DnsWire;
import dev.signpost.zones.SectionCounts;
import dev.signpost.zones.WireOutput;
import dev.signpost.zones.WireRenderer;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * The registry's answer to a common query ({@link WireQuery}) written as bytes: the header, question and OPT
 * that {@link ReplyMessages#authoritative} gives a reply, around the records {@link WireRenderer} writes from
 * the answer's plan. Each thread writes into its own buffer; the reply is a copy of the bytes written.
 */
public final class WireReplies {

  private static final int FLAG_QR = 0x80;
  private static final int FLAG_AA = 0x04;
  private static final int FLAG_RD = 0x01;
  private static final ThreadLocal<WireOutput> BUFFERS =
      ThreadLocal.withInitial(() -> new WireOutput(PayloadSizes.TCP));

  private WireReplies() {}

  /**
   * The reply's bytes, within {@code maxReplySize}; empty when the renderer cannot carry the plan or the
   * answer would not fit, and the reply is then built as a message ({@link ReplyMessages}), which truncates it
   * by the rules.
   */
  public static Optional<byte[]> answer(WireQuery query, int maxReplySize, AnswerPlan plan, WireRenderer renderer) {
    if (!renderer.canWrite(plan)) {
      return Optional.empty();
    }
    byte[] wire = query.wire();
    WireOutput out = BUFFERS.get();
    int optLength = query.hasEdns() ? DnsWire.OPT_LENGTH : 0;
    out.reset(maxReplySize - optLength);
    out.u16(query.id());
    out.u8(FLAG_QR | FLAG_AA | (query.recursionDesired() ? FLAG_RD : 0));
    out.u8(0);
    out.u16(1);
    out.u16(0); // answers, filled in below
    out.u16(0);
    out.u16(0); // additional, filled in below
    out.bytes(wire, DnsWire.HEADER_LENGTH, query.questionEnd() - DnsWire.HEADER_LENGTH);
    SectionCounts counts = renderer.write(plan, query.nameEnd() - DnsWire.HEADER_LENGTH, out);
    if (out.overflowed()) {
      return Optional.empty();
    }
    int additional = counts.additional();
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
    out.u16At(DnsWire.ANSWER_COUNT_OFFSET, counts.answers());
    out.u16At(DnsWire.ADDITIONAL_COUNT_OFFSET, additional);
    return Optional.of(out.toByteArray());
  }
}
