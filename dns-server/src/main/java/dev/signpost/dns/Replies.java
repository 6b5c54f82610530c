package dev.signpost.dns;

import java.util.List;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Builds replies that keep the rules every reply shares: id, opcode, RD, question, and EDNS. */
public final class Replies {

  private Replies() {}

  /**
   * A reply to {@code request} with this response code (extended codes such as BADVERS included): the
   * query's id, opcode and RD flag, its question as the client spelled it, and an OPT record exactly
   * when the query had one.
   */
  public static Message reply(DnsRequest request, int rcode) {
    Message query = request.query();
    Header header = new Header(query.getHeader().getID());
    header.setFlag(Flags.QR);
    header.setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    header.setRcode(rcode & 0xF);
    Message reply = new Message();
    reply.setHeader(header);
    Record question = query.getQuestion();
    if (question != null) {
      reply.addRecord(question, Section.QUESTION);
    }
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      // RFC 3225: the DO bit is copied from the query. Unknown options are not echoed (RFC 6891).
      int flags = (opt.getFlags() & ExtendedFlags.DO);
      reply.addRecord(new OPTRecord(DnsRequest.EDNS_UDP_PAYLOAD, rcode >>> 4, 0, flags), Section.ADDITIONAL);
    }
    return reply;
  }

  /** An authoritative reply carrying these sections. */
  public static Message authoritative(DnsRequest request, int rcode, List<Record> answer,
      List<Record> authority, List<Record> additional) {
    Message reply = reply(request, rcode);
    reply.getHeader().setFlag(Flags.AA);
    answer.forEach(r -> reply.addRecord(r, Section.ANSWER));
    authority.forEach(r -> reply.addRecord(r, Section.AUTHORITY));
    additional.forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
    return reply;
  }
}
