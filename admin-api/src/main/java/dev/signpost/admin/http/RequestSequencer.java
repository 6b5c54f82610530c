package dev.signpost.admin.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request of a connection at a time, answered in the order they came (HTTP/1.1 pipelining), and no
 * reading while one is in progress. So a client that sends requests and never reads the answers holds
 * one answer in our memory, not one per request: Netty's outgoing buffer would otherwise grow for as
 * long as the client keeps sending. Requests that arrived in the same read as the one in progress wait
 * their turn: at most one read's worth (64 KiB), since nothing more is read until they are answered.
 *
 * <p>An answer that the client leaves unread (the connection's outgoing buffer above its high watermark)
 * for the request timeout closes the connection. Placed after the aggregator, with the connection's
 * {@link ReadGate} before the codec. One per connection; used on its event loop only.
 */
final class RequestSequencer extends ChannelDuplexHandler {

  private final ReadGate gate;
  private final long unreadNanos;
  private final HttpConnectionStats stats;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  private ScheduledFuture<?> unreadTimer;

  RequestSequencer(ReadGate gate, Duration requestTimeout, HttpConnectionStats stats) {
    this.gate = gate;
    this.unreadNanos = TimeUnit.NANOSECONDS.convert(requestTimeout);
    this.stats = stats;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
    } else if (!busy) {
      busy = true;
      gate.shut();
      ctx.fireChannelRead(request);
    } else {
      waiting.add(request);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean answer = msg instanceof LastHttpContent && !(msg instanceof HttpResponse r
        && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
    if (answer) {
      ChannelPromise sent = promise.unvoid();
      sent.addListener(f -> next(ctx));
      ctx.write(msg, sent);
    } else {
      ctx.write(msg, promise);
    }
  }

  /** The answer in progress is in the socket: the next waiting request, or reading again. */
  private void next(ChannelHandlerContext ctx) {
    busy = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    FullHttpRequest request = waiting.poll();
    if (request != null) {
      busy = true;
      ctx.fireChannelRead(request);
    } else {
      gate.open();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      if (unreadTimer == null) {
        unreadTimer = ctx.executor().schedule(() -> {
          unreadTimer = null;
          stats.unreadAnswerClosed();
          ctx.close();
        }, unreadNanos, TimeUnit.NANOSECONDS);
      }
    } else {
      cancelTimer();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
    ctx.fireChannelInactive();
  }

  private void cancelTimer() {
    if (unreadTimer != null) {
      unreadTimer.cancel(false);
      unreadTimer = null;
    }
  }
}
