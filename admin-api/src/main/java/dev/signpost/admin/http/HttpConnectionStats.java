package dev.signpost.admin.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each bound of the HTTP API has triggered, how many connections are open, and how many TLS
 * handshakes failed. Plain counters (no Micrometer here): the launcher reads them into its meters. Safe to
 * read from any thread; only the server's handlers change them.
 */
public final class HttpConnectionStats {

  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final LongAdder idleClosed = new LongAdder();
  private final LongAdder slowClosed = new LongAdder();
  private final LongAdder oversized = new LongAdder();
  private final LongAdder unread = new LongAdder();
  private final LongAdder handshakeFailures = new LongAdder();

  /** All at zero: one per server, which hands it to each connection's pipeline. */
  public HttpConnectionStats() {
    // nothing to set up
  }

  /** Connections open now; refused ones never count. */
  public int openConnections() {
    return open.get();
  }

  /** Connections refused with 503 because the connection limit was reached. */
  public long refusedConnections() {
    return refused.sum();
  }

  /** Connections closed because no request arrived within the idle timeout. */
  public long idleConnectionsClosed() {
    return idleClosed.sum();
  }

  /** Connections closed because a request's headers and body took longer than the request timeout. */
  public long slowRequestsClosed() {
    return slowClosed.sum();
  }

  /** Requests whose body was over the size limit: answered 413 and closed unread. */
  public long oversizedBodies() {
    return oversized.sum();
  }

  /** Connections closed because their answers went unread for the request timeout. */
  public long unreadAnswersClosed() {
    return unread.sum();
  }

  /**
   * TLS handshakes that failed: the client did not trust the certificate (or gave up on it without a
   * word), sent no client certificate where one is required, spoke plain HTTP or anything else than TLS,
   * or did not finish within the request timeout (counted as a slow request too). A connection closed
   * before its first byte is no handshake and is not counted.
   */
  public long tlsHandshakeFailures() {
    return handshakeFailures.sum();
  }

  /**
   * Counts a new connection unless {@code limit} are open. A compare-and-set loop rather than increment
   * then check, so that two event loops racing for the last place never refuse both.
   */
  boolean tryOpen(int limit) {
    for (int now = open.get(); now < limit; now = open.get()) {
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
    return false;
  }

  void connectionClosed() {
    open.decrementAndGet();
  }

  void connectionRefused() {
    refused.increment();
  }

  void idleConnectionClosed() {
    idleClosed.increment();
  }

  void slowRequestClosed() {
    slowClosed.increment();
  }

  void oversizedBody() {
    oversized.increment();
  }

  void unreadAnswerClosed() {
    unread.increment();
  }

  void tlsHandshakeFailed() {
    handshakeFailures.increment();
  }
}
