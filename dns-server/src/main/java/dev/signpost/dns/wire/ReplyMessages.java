package dev.signpost.dns.wire;

import java.util.List;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Builds dnsjava reply messages that keep the rules every reply shares: id, opcode, RD, question, and EDNS.
 * {@link WireReplies} writes the same header and OPT as bytes for the registry's common answers.
 */
public final class ReplyMessages {

  private ReplyMessages() {}

  /**
   * A reply to {@code query} with this response code (extended codes such as BADVERS included): the
   * query's id, opcode and RD flag, its question as the client spelled it, and an OPT record exactly
   * when the query had one.
   */
  public static Message reply(Message query, int rcode) {
    return reply(query, rcode, false);
  }

  /**
   * @param tailored whether the answer depends on who asked: an ECS option is then echoed with the
   *     query's source prefix as its scope, so resolvers cache it per client subnet (RFC 7871); otherwise
   *     with scope 0
   */
  private static Message reply(Message query, int rcode, boolean tailored) {
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
      // RFC 3225: the DO bit is copied from the query. Unknown options are not echoed (RFC 6891); ECS is.
      int flags = (opt.getFlags() & ExtendedFlags.DO);
      reply.addRecord(new OPTRecord(PayloadSizes.EDNS_UDP, rcode >>> 4, 0, flags,
          ClientSubnet.echo(query, tailored)), Section.ADDITIONAL);
    }
    return reply;
  }

  /**
   * An authoritative reply carrying these sections; its answer may depend on the client (the order of a
   * service's records), which an ECS echo says.
   */
  public static Message authoritative(Message query, int rcode, List<Record> answer,
      List<Record> authority, List<Record> additional) {
    Message reply = reply(query, rcode, true);
    reply.getHeader().setFlag(Flags.AA);
    answer.forEach(r -> reply.addRecord(r, Section.ANSWER));
    authority.forEach(r -> reply.addRecord(r, Section.AUTHORITY));
    additional.forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
    return reply;
  }
}
