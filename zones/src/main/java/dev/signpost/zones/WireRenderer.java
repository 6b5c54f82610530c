package dev.signpost.zones;

import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Writes an {@link AnswerPlan} as the bytes of a reply's answer and additional sections: the same records,
 * in the same order and with the same compression as dnsjava writes what {@link RecordRenderer} makes of the
 * plan (owners point at the question; SRV targets are written whole, RFC 2782; the address records of the
 * additional section point at the domain in the question). The fast path of the common answers: A and
 * AAAA, and SRV whose targets are all IP addresses.
 */
public final class WireRenderer {

  private static final byte[] ADDRESS_LABEL = {4, 'a', 'd', 'd', 'r'};
  private static final byte[] NO_HEAD = {};
  /** Every record's owner: a pointer to the question's name. */
  private static final int OWNER = DnsWire.COMPRESSION_POINTER | DnsWire.HEADER_LENGTH;

  /** The domain in wire form, spelled as configured: the end of every SRV target. */
  private final byte[] domainWire;
  /**
   * The domain's labels above its parent, in wire form ({@code service} of {@code service.consul}): what a glue
   * owner writes before pointing at the parent in a datacenter form's question, which holds the parent but not
   * the domain. Empty when we serve no parent.
   */
  private final byte[] domainHead;

  WireRenderer(NamingScheme naming) {
    this.domainWire = naming.domain().toWire();
    int parentLength = naming.parent().map(Name::length).orElse((short) domainWire.length);
    this.domainHead = Arrays.copyOf(domainWire, domainWire.length - parentLength);
  }

  /**
   * Whether bytes can carry the plan's answer: A or AAAA records, or SRV records whose targets are all IP
   * addresses within a name's 255 bytes. Anything else (ANY, a host-name target, a very long domain) is
   * written by {@link RecordRenderer}.
   */
  public boolean canWrite(AnswerPlan plan) {
    if (!plan.srv()) {
      return plan.qtype() == Type.A || plan.qtype() == Type.AAAA;
    }
    if (!plan.more().isEmpty()) {
      return false;
    }
    for (int k = 0; k < plan.size(); k++) {
      byte[] ip = plan.ip(k);
      if (ip == null || target(plan.target(k)) > DnsWire.MAX_NAME) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the records of a plan that {@link #canWrite} accepts into {@code out}, which holds the reply's
   * header and question already (the question's name at {@link DnsWire#HEADER_LENGTH}). A record that does
   * not fit leaves {@code out} {@link WireOutput#overflowed}, and the reply is then truncated by dnsjava's rules.
   *
   * @param nameLength the length of the question's name in bytes
   */
  public SectionCounts write(AnswerPlan plan, int nameLength, WireOutput out) {
    return plan.srv() ? srv(plan, nameLength, out) : addresses(plan, out);
  }

  private static SectionCounts addresses(AnswerPlan plan, WireOutput out) {
    int count = 0;
    for (int k = 0; k < plan.size(); k++) {
      if (plan.answersAddress(k)) {
        byte[] ip = plan.ip(k);
        out.u16(OWNER);
        fixed(out, plan.qtype(), plan.ttl(), ip.length);
        out.bytes(ip, 0, ip.length);
        count++;
      }
    }
    return new SectionCounts(count, 0);
  }

  private SectionCounts srv(AnswerPlan plan, int nameLength, WireOutput out) {
    for (int k = 0; k < plan.size(); k++) {
      byte[] label = plan.target(k);
      out.u16(OWNER);
      fixed(out, Type.SRV, plan.ttl(), 6 + target(label));
      out.u16(plan.priority(k));
      out.u16(plan.weight(k));
      out.u16(plan.instance(k).port());
      out.bytes(label, 0, label.length);
      out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
      out.bytes(domainWire, 0, domainWire.length);
    }
    // The question ends in the domain, or (datacenter form) in its parent, the domain's head then written out.
    byte[] head = plan.datacenterForm() ? domainHead : NO_HEAD;
    int endInQuestion = DnsWire.HEADER_LENGTH + nameLength - (domainWire.length - head.length);
    return new SectionCounts(plan.size(), additional(plan, head, endInQuestion, out));
  }

  /**
   * Each distinct target's address record (two instances share one only on the same address and port). As dnsjava compresses: the first owner ends in addr + a pointer to
   * the domain in the question, later ones in a pointer to that first addr.<domain>, when it starts where a
   * pointer can reach. For a datacenter form, whose question holds the domain's parent but not the domain, addr
   * is followed by the domain's head ({@code service}) and a pointer to the parent in the question.
   *
   * @param head the domain's labels the question lacks, written after addr; empty when it ends in the domain
   * @param domainInQuestion where the rest of the domain starts in the question
   */
  private static int additional(AnswerPlan plan, byte[] head, int domainInQuestion, WireOutput out) {
    int written = 0;
    int addressParent = -1;
    for (int k = 0; k < plan.size(); k++) {
      if (plan.repeatedTarget(k)) {
        continue;
      }
      byte[] ip = plan.ip(k);
      byte[] label = plan.target(k);
      out.bytes(label, 0, label.length);
      if (addressParent < 0) {
        int here = out.position();
        out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
        out.bytes(head, 0, head.length);
        out.u16(DnsWire.COMPRESSION_POINTER | domainInQuestion);
        addressParent = here <= DnsWire.MAX_POINTER ? here : Integer.MAX_VALUE;
      } else if (addressParent != Integer.MAX_VALUE) {
        out.u16(DnsWire.COMPRESSION_POINTER | addressParent);
      } else {
        out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
        out.bytes(head, 0, head.length);
        out.u16(DnsWire.COMPRESSION_POINTER | domainInQuestion);
      }
      fixed(out, ip.length == 4 ? Type.A : Type.AAAA, plan.ttl(), ip.length);
      out.bytes(ip, 0, ip.length);
      written++;
    }
    return written;
  }

  /** The length of {@code <hex-ip>-<port>.addr.<domain>} in wire form, for its first label. */
  private int target(byte[] label) {
    return label.length + ADDRESS_LABEL.length + domainWire.length;
  }

  /** What follows a record's owner: type, class, TTL and the length of its data. */
  private static void fixed(WireOutput out, int type, long ttl, int rdataLength) {
    out.u16(type);
    out.u16(DClass.IN);
    out.u32(ttl);
    out.u16(rdataLength);
  }
}
