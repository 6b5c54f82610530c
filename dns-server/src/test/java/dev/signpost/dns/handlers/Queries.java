package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.wire.WireQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Queries as clients send them, and records and replies written as zone-file text. */
final class Queries {

  /** Where every test query comes from (documentation address, RFC 5737). */
  static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);

  private Queries() {}

  /** {@code "web.service.local. A"} or {@code "version.bind. TXT CH"}: a name, a type, a class (IN if left out). */
  static Message query(String question) {
    String[] p = question.trim().split("\\s+");
    Message query = Message.newQuery(Record.newRecord(name(p[0]), Type.value(p[1]),
        p.length > 2 ? DClass.value(p[2]) : DClass.IN));
    query.getHeader().setID(0x5150);
    return query;
  }

  /** The same query with an OPT record of this EDNS version. */
  static Message withEdns(Message query, int version) {
    query.addRecord(new OPTRecord(1232, 0, version), Section.ADDITIONAL);
    return query;
  }

  /** A query as dnsjava parsed it, over UDP from {@link #CLIENT}. */
  static DnsRequest request(Message query) {
    return new DnsRequest(query, CLIENT, Transport.UDP);
  }

  static DnsRequest request(String question) {
    return request(query(question));
  }

  /** The same query kept as its bytes, as the decoder passes on a query of the common shape; null otherwise. */
  static DnsRequest asBytes(Message query) {
    WireQuery wire = WireQuery.parse(query.toWire());
    return wire == null ? null : DnsRequest.of(wire, CLIENT, Transport.UDP);
  }

  /** {@code "www.example. 300 IN A 192.0.2.1"}: owner, TTL, class, type, data. */
  static Record rr(String text) {
    String[] p = text.trim().split("\\s+", 5);
    try {
      return Record.fromString(name(p[0]), Type.value(p[3]), DClass.value(p[2]), Long.parseLong(p[1]), p[4],
          Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A section's records as zone-file text. */
  static List<String> section(Message reply, int section) {
    return reply.getSection(section).stream().map(Queries::text).toList();
  }

  /** A record as zone-file text, as dnsjava writes it, its fields split by one space. */
  static String text(Record record) {
    return record.toString().replaceAll("\\s+", " ");
  }

  /** The reply a handler returned, which must be ready at once: none of these handlers waits. */
  static DnsReply ready(CompletionStage<DnsReply> stage) {
    CompletableFuture<DnsReply> f = stage.toCompletableFuture();
    if (!f.isDone()) {
      throw new AssertionError("the reply is not ready at once");
    }
    return f.join();
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
