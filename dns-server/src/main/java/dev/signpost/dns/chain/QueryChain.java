package dev.signpost.dns.chain;

import java.util.concurrent.CompletionStage;

/** The rest of the chain, after the handler holding it. */
@FunctionalInterface
public interface QueryChain {

  CompletionStage<DnsReply> proceed(DnsRequest request);
}
