package dev.signpost.admin.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's two deadlines, with one timer at a time on its event loop. With no request in progress
 * the connection is closed after the idle timeout. From the first byte of a request, its headers and body
 * must all arrive within the request timeout, however slowly they trickle. While the client waits for an
 * answer (a blocking query may wait ten minutes) no timer runs. Netty's {@code IdleStateHandler} won't
 * do: every read restarts it, so a client sending one byte a second would hold its connection forever.
 *
 * <p>Sits before the codec to see a request's first byte; {@link ExchangeBoundaryHandler}, after the codec,
 * reports where requests end and answers go out. The idle timer restarts when an answer is handed to the
 * socket, not when the client has read it all, so a client that stops reading its answer is closed too.
 * With TLS it sits before the {@code SslHandler}, so a handshake is timed as a request is: idle until its
 * first byte, then the request timeout until {@link TlsHandshakeHandler} reports it done; a client that
 * connects and never finishes one is closed. One instance per connection; its state is only touched on
 * the connection's event loop.
 */
final class ConnectionTimeoutHandler extends ChannelInboundHandlerAdapter {

  private final long idleNanos;
  private final long requestNanos;
  private final HttpConnectionStats stats;
  private ChannelHandlerContext ctx;
  /** Bytes of a request (or of a TLS handshake) have arrived and its end has not. */
  private boolean reading;
  /** Requests whose headers arrived and whose answer has not been written. */
  private int unanswered;
  private ScheduledFuture<?> timer;

  ConnectionTimeoutHandler(Duration idleTimeout, Duration requestTimeout, HttpConnectionStats stats) {
    // TimeUnit.convert saturates where Duration.toNanos would overflow: a huge timeout means "never".
    this.idleNanos = TimeUnit.NANOSECONDS.convert(idleTimeout);
    this.requestNanos = TimeUnit.NANOSECONDS.convert(requestTimeout);
    this.stats = stats;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    settle();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
      startReading();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** A request's headers were decoded (its first byte may have come with the previous request's end). */
  void requestStarted() {
    unanswered++;
    startReading();
  }

  /** The request's last byte arrived: from now on the client is waiting for us. */
  void requestRead() {
    reading = false;
    settle();
  }

  /** Bytes of a request, or of a TLS handshake, have arrived and its end has not. */
  boolean reading() {
    return reading;
  }

  /** The TLS handshake is over: the connection now waits for its first request. */
  void handshakeDone() {
    if (unanswered == 0) { // a request cannot precede the handshake's end: a guard, not a case
      reading = false;
      settle();
    }
  }

  /** An answer went to the socket. */
  void answerWritten() {
    unanswered = Math.max(0, unanswered - 1);
    settle();
  }

  private void startReading() {
    if (!reading) {
      reading = true;
      restart(requestNanos, stats::slowRequestClosed);
    }
  }

  /** Outside a request: the idle timer if nothing is owed to the client, no timer if something is. */
  private void settle() {
    if (reading) {
      return; // the request timer keeps running from the request's first byte
    }
    if (unanswered == 0) {
      restart(idleNanos, stats::idleConnectionClosed);
    } else {
      cancel();
    }
  }

  private void restart(long nanos, Runnable count) {
    cancel();
    if (ctx.channel().isActive()) {
      timer = ctx.executor().schedule(() -> expire(count), nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void expire(Runnable count) {
    timer = null;
    if (ctx.channel().isActive()) {
      count.run();
      ctx.close();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
