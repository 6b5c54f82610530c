package dev.signpost.dns.forward;

import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.wire.ReplyMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Records written as zone-file text, and the replies a fake upstream sends. */
final class TestRecords {

  private TestRecords() {}

  /** {@code "www.example. 300 IN A 192.0.2.1"}: owner, TTL, class, type, data. */
  static Record rr(String text) {
    String[] p = text.trim().split("\\s+", 5);
    try {
      return Record.fromString(Name.fromString(p[0]), Type.value(p[3]), DClass.value(p[2]), Long.parseLong(p[1]),
          p[4], Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Record question(String name, int type) {
    return Record.newRecord(name(name), type, DClass.IN);
  }

  /** A query as a client sends it, with EDNS, and DO when asked. */
  static Message query(int id, String name, int type, boolean dnssecOk) {
    Message query = Message.newQuery(question(name, type));
    query.getHeader().setID(id);
    query.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    return query;
  }

  static DnsRequest request(Message query, String clientAddress) {
    return new DnsRequest(query, new InetSocketAddress(clientAddress, 40000), Transport.UDP);
  }

  /** An authoritative NOERROR reply with these answer records. */
  static Message answer(DnsRequest request, String... answers) {
    Message reply = ReplyMessages.reply(request.query(), Rcode.NOERROR);
    for (String a : answers) {
      reply.addRecord(rr(a), Section.ANSWER);
    }
    return reply;
  }

  /** NXDOMAIN or NODATA, with this SOA (or none, when null) in the authority section. */
  static Message negative(DnsRequest request, int rcode, String soa) {
    Message reply = ReplyMessages.reply(request.query(), rcode);
    if (soa != null) {
      reply.addRecord(rr(soa), Section.AUTHORITY);
    }
    return reply;
  }

  static Message rcode(DnsRequest request, int rcode) {
    return ReplyMessages.reply(request.query(), rcode);
  }
}
