package dev.signpost.dns.chain;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Nearly every reply is ready when the chain returns (only forwarding waits). Handlers that wrap the rest
 * of the chain ask here first, and act on a ready reply at once instead of adding a dependent stage.
 */
public final class Stages {

  private Stages() {}

  /** The reply the stage holds already, or null while it runs or when it failed. */
  public static DnsReply ready(CompletionStage<DnsReply> stage) {
    if (stage instanceof CompletableFuture<DnsReply> f && f.isDone() && !f.isCompletedExceptionally()) {
      return f.getNow(null);
    }
    return null;
  }
}
