package dev.signpost.dns.chain;

import java.util.concurrent.CompletionStage;

/**
 * One link of the query chain: it answers the request or passes it on with {@code next.proceed}, never
 * both. Handlers that can answer at once return a completed stage; none may block.
 */
@FunctionalInterface
public interface QueryHandler {

  CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next);
}
