package dev.signpost.dns.transport;

import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.dns.wire.WireQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns the bytes of one datagram or TCP frame into a request for the pipeline, or answers it at once
 * when it cannot be a valid query: FORMERR when a reply can be addressed (a full header), silence when
 * not (a short packet, or a response, which answering could turn into a loop). The common query is read
 * from its bytes ({@link WireQuery}); dnsjava parses the rest.
 */
final class QueryDecoder {

  /** What to do with one packet. */
  sealed interface Decoded {}

  /** A well-formed query for the pipeline. */
  record Query(DnsRequest request) implements Decoded {}

  /** A reply the decoder wrote itself (FORMERR, NOTIMP), ready to send. */
  record Immediate(byte[] reply) implements Decoded {}

  /** Nothing can or should be sent. */
  record Drop(String reason) implements Decoded {}

  private static final int HEADER_LENGTH = 12;

  Decoded decode(byte[] wire, InetSocketAddress client, Transport transport) {
    if (wire.length < HEADER_LENGTH) {
      return new Drop("shorter than a DNS header");
    }
    if ((wire[2] & 0x80) != 0) {
      return new Drop("a response, not a query");
    }
    WireQuery common = WireQuery.parse(wire);
    if (common != null) {
      return new Query(DnsRequest.of(common, client, transport));
    }
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return new Immediate(headerOnlyFormErr(wire));
    }
    if (cutShort(query)) {
      return new Immediate(headerOnlyFormErr(wire));
    }
    DnsRequest request = new DnsRequest(query, client, transport);
    Header header = query.getHeader();
    if (header.getOpcode() != Opcode.QUERY) {
      return immediate(request, Rcode.NOTIMP);
    }
    if (header.getCount(Section.QUESTION) != 1 || !wellPlacedEdns(query)) {
      return immediate(request, Rcode.FORMERR);
    }
    return new Query(request);
  }

  /**
   * Whether dnsjava kept fewer records than the header counts: with TC set it keeps what it read before a record it
   * could not parse, which in a query is as malformed as without TC (and {@code Message.getTSIG()} would then read
   * past the end of the additional section).
   */
  private static boolean cutShort(Message query) {
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      if (query.getSection(section).size() != query.getHeader().getCount(section)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 6891 6.1.1: at most one OPT, in the additional section, owned by the root. */
  private static boolean wellPlacedEdns(Message query) {
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : query.getSection(section)) {
        if (r.getType() == Type.OPT) {
          return false;
        }
      }
    }
    int opts = 0;
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT) {
        opts++;
        if (!r.getName().equals(Name.root)) {
          return false;
        }
      }
    }
    return opts <= 1;
  }

  private static Immediate immediate(DnsRequest request, int rcode) {
    Message reply = ReplyMessages.reply(request.query(), rcode);
    if (request.query().getHeader().getCount(Section.QUESTION) != 1) {
      reply.removeAllRecords(Section.QUESTION);
    }
    return new Immediate(reply.toWire(request.maxReplySize()));
  }

  /** FORMERR for a packet whose sections cannot be parsed: its id, opcode and RD, no sections. */
  private static byte[] headerOnlyFormErr(byte[] wire) {
    Header header = new Header(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
    header.setFlag(Flags.QR);
    header.setOpcode((wire[2] >>> 3) & 0xF);
    if ((wire[2] & 0x01) != 0) {
      header.setFlag(Flags.RD);
    }
    header.setRcode(Rcode.FORMERR);
    return header.toWire();
  }
}
