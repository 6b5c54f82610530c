package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Answers the queries no zone should see: other opcodes (NOTIMP), EDNS versions above 0 (BADVERS,
 * RFC 6891), classes other than IN (REFUSED), zone transfers when nobody may transfer (REFUSED) and meta types as questions
 * (FORMERR).
 */
public final class WireRulesHandler implements QueryHandler {

  /** Whether a {@link TransferHandler} follows: transfers then pass on, to be allowed or refused there. */
  private final boolean transfersServed;

  /** Refuses every zone transfer. */
  public WireRulesHandler() {
    this(false);
  }

  public WireRulesHandler(boolean transfersServed) {
    this.transfersServed = transfersServed;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    int rcode = violation(request, transfersServed);
    if (rcode >= 0) {
      return CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.reply(request.query(), rcode)));
    }
    return next.proceed(request);
  }

  private static int violation(DnsRequest request, boolean transfersServed) {
    if (request.opcode() != Opcode.QUERY) {
      return Rcode.NOTIMP;
    }
    if (request.ednsVersion() > 0) {
      return Rcode.BADVERS;
    }
    if (request.qclass() != DClass.IN) {
      return Rcode.REFUSED;
    }
    int type = request.qtype();
    if ((type == Type.AXFR || type == Type.IXFR) && !transfersServed) {
      return Rcode.REFUSED;
    }
    if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
      return Rcode.FORMERR;
    }
    return -1;
  }
}
