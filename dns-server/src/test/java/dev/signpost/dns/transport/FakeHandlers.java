package dev.signpost.dns.transport;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Queries, and pipelines of one fake handler, for the transport tests: what matters there is the bytes. */
final class FakeHandlers {

  /** Answers every query at once with {@link #answer}. */
  static final QueryHandler ANSWER = (request, next) ->
      CompletableFuture.completedFuture(DnsReply.of(answer(request.query())));

  /** Throws for {@code boom.} and answers everything else, as a handler with a bug on one name. */
  static final QueryHandler FAILS_ON_BOOM = (request, next) -> {
    if (request.qname().toString().equals("boom.")) {
      throw new IllegalStateException("a handler broke on boom.");
    }
    return ANSWER.handle(request, next);
  };

  private FakeHandlers() {}

  /** A query with RD, as stub resolvers send it. */
  static Message query(int id, String name) {
    try {
      Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
      query.getHeader().setID(id);
      return query;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reply {@link #ANSWER} gives: {@code <qname> 5 IN A 192.0.2.1}. */
  static Message answer(Message query) {
    Message reply = ReplyMessages.reply(query, Rcode.NOERROR);
    try {
      reply.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 5,
          java.net.InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})), Section.ANSWER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reply;
  }
}
