package dev.signpost.dns.wire;

import dev.signpost.zones.DnsWire;
import org.xbill.DNS.Type;

/**
 * The common query read straight from its bytes, without building dnsjava objects: a standard query with
 * one uncompressed question and nothing else but, optionally, an OPT record without options. Anything
 * else (other opcodes, counts or sections, EDNS options such as ECS, trailing bytes) is not this shape,
 * and the decoder hands it to dnsjava's full parser instead.
 *
 * @param wire the query as received; not copied, never changed
 * @param questionEnd the offset just past the question (its name, type and class)
 * @param ednsPayload the UDP payload size of the OPT record, or -1 without EDNS
 * @param ednsVersion the OPT record's EDNS version (0 without EDNS)
 * @param dnssecOk the OPT record's DO bit
 */
public record WireQuery(byte[] wire, int questionEnd, int qtype, int qclass, int ednsPayload, int ednsVersion,
    boolean dnssecOk) {


  /** The query read as the common shape, or null when it is not that shape. */
  public static WireQuery parse(byte[] wire) {
    if (wire.length < DnsWire.HEADER_LENGTH + 5 || (wire[2] & 0xF8) != 0) {
      return null; // too short for a question, a response, or an opcode other than QUERY
    }
    int additional = u16(wire, 10);
    if (u16(wire, 4) != 1 || u16(wire, 6) != 0 || u16(wire, 8) != 0 || additional > 1) {
      return null;
    }
    int p = DnsWire.HEADER_LENGTH;
    while (true) {
      int length = wire[p] & 0xFF;
      if (length > DnsWire.MAX_LABEL) {
        return null; // a compression pointer (nothing to point at yet) or an extended label type
      }
      p += 1 + length;
      if (p - DnsWire.HEADER_LENGTH > DnsWire.MAX_NAME || p >= wire.length) {
        return null;
      }
      if (length == 0) {
        break;
      }
    }
    if (p + 4 > wire.length) {
      return null;
    }
    int qtype = u16(wire, p);
    int qclass = u16(wire, p + 2);
    int questionEnd = p + 4;
    if (additional == 0) {
      return questionEnd == wire.length ? new WireQuery(wire, questionEnd, qtype, qclass, -1, 0, false) : null;
    }
    // An OPT record owned by the root, with no options: exactly OPT_LENGTH bytes and nothing after them.
    p = questionEnd;
    if (p + DnsWire.OPT_LENGTH != wire.length || wire[p] != 0 || u16(wire, p + 1) != Type.OPT
        || u16(wire, p + 9) != 0) {
      return null;
    }
    return new WireQuery(wire, questionEnd, qtype, qclass, u16(wire, p + 3), wire[p + 6] & 0xFF,
        (wire[p + 7] & 0x80) != 0);
  }

  public int id() {
    return u16(wire, 0);
  }

  /** Whether the client asked for recursion. */
  public boolean recursionDesired() {
    return (wire[2] & 0x01) != 0;
  }

  public boolean hasEdns() {
    return ednsPayload >= 0;
  }

  /** The offset just past the question's name. */
  public int nameEnd() {
    return questionEnd - 4;
  }

  private static int u16(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }
}
