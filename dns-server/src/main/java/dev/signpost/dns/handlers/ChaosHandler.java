package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The CHAOS-class names operators ask a server who it is ({@code dig CH TXT version.bind}), answered
 * only when {@code --chaos-version} is set; every other query passes on (other classes are then REFUSED
 * by the wire rules).
 */
public final class ChaosHandler implements QueryHandler {

  private static final Set<Name> NAMES = Set.of(Name.fromConstantString("version.bind."),
      Name.fromConstantString("version.server."), Name.fromConstantString("id.server."),
      Name.fromConstantString("hostname.bind."));

  private final String text;

  public ChaosHandler(String text) {
    this.text = text;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    if (request.qclass() != DClass.CH) {
      return next.proceed(request);
    }
    Record question = request.question();
    if (!NAMES.contains(question.getName())) {
      return next.proceed(request);
    }
    int type = question.getType();
    List<Record> answer = type == Type.TXT || type == Type.ANY
        ? List.of(new TXTRecord(question.getName(), DClass.CH, 0, text)) : List.of();
    return CompletableFuture.completedFuture(DnsReply.of(
        ReplyMessages.authoritative(request.query(), Rcode.NOERROR, answer, List.of(), List.of())));
  }
}
