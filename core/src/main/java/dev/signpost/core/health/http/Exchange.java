package dev.signpost.core.health.http;

import java.util.concurrent.CompletableFuture;

/**
 * A call in progress, and its future: cancelling it closes the connection carrying it. Its fields other
 * than the future's state belong to the event loop.
 */
final class Exchange extends CompletableFuture<HttpAnswer> {

  final HttpCall call;
  final String target;
  /** On {@link System#nanoTime}: when the call fails as timed out. */
  final long deadline;
  final byte[] request;
  private final KeepAliveClient client;

  Connection connection;
  ResponseParser parser;
  /** Whether it already started over on a fresh connection after a reused one turned out closed. */
  boolean retried;
  /** Whether it is in the client's deadline queue. */
  boolean timed;

  Exchange(KeepAliveClient client, HttpCall call, long now) {
    this.client = client;
    this.call = call;
    this.target = call.target();
    this.deadline = now + call.timeout().toNanos();
    this.request = call.render();
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      client.abort(this);
    }
    return cancelled;
  }
}
