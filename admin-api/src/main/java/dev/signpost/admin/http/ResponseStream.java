package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The open body of a streamed response ({@link ApiResponse#stream}): what a {@link StreamBody} writes to, from
 * any thread, until it or the client closes the connection. No Netty type leaks: chunks are byte arrays, copied
 * into the connection's buffer on its event loop.
 */
public final class ResponseStream {

  private final ChannelHandlerContext ctx;

  ResponseStream(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Queues {@code chunk} for the client and flushes it; nothing once the connection is closed. */
  public void send(byte[] chunk) {
    if (ctx.executor().inEventLoop()) {
      write(chunk);
    } else {
      ctx.executor().execute(() -> write(chunk));
    }
  }

  private void write(byte[] chunk) {
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
    }
  }

  /** Bytes handed to the connection and not yet taken by the client's socket: how far behind the reader is. */
  public long unsentBytes() {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }

  /** Whether the connection is still open. */
  public boolean open() {
    return ctx.channel().isActive();
  }

  /** Ends the stream by closing the connection: a streamed body has no other end. */
  public void close() {
    ctx.close();
  }

  /** Runs {@code action} once the connection is closed, by either side (at once if it already is). */
  public void onClose(Runnable action) {
    ctx.channel().closeFuture().addListener(f -> action.run());
  }

  /** The connection's event loop: where a stream schedules its own timers (a heartbeat). */
  public ScheduledExecutorService scheduler() {
    return ctx.executor();
  }
}
