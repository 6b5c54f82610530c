package dev.signpost.dns.forward;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The chain's last resort for names outside our zones: forwards the question for clients the
 * {@link RecursionPolicy} allows and refuses everybody else. It answers every request it is given.
 *
 * <p>The reply keeps the client's id, opcode, RD, question and EDNS ({@link ReplyMessages#reply}), and carries
 * the upstream's response code and sections without its OPT record; it is not authoritative (AA clear)
 * and says recursion is available (RA).
 */
public final class ForwardHandler implements QueryHandler {

  private final Forwarder forwarder;
  private final RecursionPolicy policy;

  public ForwardHandler(Forwarder forwarder, RecursionPolicy policy) {
    this.forwarder = forwarder;
    this.policy = policy;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    // The packet's source, never an ECS address: that is who would use us as a resolver.
    if (!policy.allows(request.client().getAddress())) {
      return CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.reply(request.query(), Rcode.REFUSED)));
    }
    OPTRecord opt = request.edns();
    boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    return forwarder.resolve(request.question(), dnssecOk).thenApply(answer -> DnsReply.of(reply(request, answer)));
  }

  private static Message reply(DnsRequest request, Message answer) {
    Message reply = ReplyMessages.reply(request.query(), answer.getRcode());
    reply.getHeader().unsetFlag(Flags.AA);
    reply.getHeader().setFlag(Flags.RA);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : answer.getSection(section)) {
        if (r.getType() != Type.OPT && r.getType() != Type.TSIG) {
          reply.addRecord(r, section);
        }
      }
    }
    return reply;
  }
}
