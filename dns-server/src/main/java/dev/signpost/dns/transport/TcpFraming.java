package dev.signpost.dns.transport;

import dev.signpost.dns.transport.TransportMeters.Closed;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection's framing (RFC 7766: a two-byte length, then the message) and the bounds on what the
 * client can make it hold. One per connection; everything runs on its event loop.
 *
 * <ul>
 *   <li><b>Fairness.</b> At most {@link #MESSAGES_PER_TURN} messages are answered before the event loop
 *       serves its other sockets: one client that pipelines thousands of queries in one read (or never
 *       reads its replies, which the kernel's send buffer hides for megabytes) would otherwise hold the
 *       loop, and every UDP client behind it, for tens of milliseconds. The rest waits, unread, for a task
 *       scheduled after the loop's next turn of I/O.
 *   <li><b>Backpressure.</b> No message is decoded while the replies already written wait above the
 *       channel's write watermark, or while {@link #MAX_PENDING} queries await their replies; reading
 *       stops meanwhile, so the client's own socket buffer fills, not our memory.
 *   <li><b>One timer</b>, for what the connection is waiting for: the next message ({@code idle}); the
 *       rest of a message whose first byte came ({@code io}: a trickle of one byte a second does not
 *       reset it); or a client to read its replies ({@code io}). When it fires the connection is closed
 *       and counted.
 * </ul>
 */
final class TcpFraming extends ByteToMessageDecoder {

  /** Queries of one connection in the pipeline at once (pipelined forwarded queries await upstreams). */
  static final int MAX_PENDING = 64;
  /** Messages answered per turn of the event loop, before other sockets get theirs. */
  static final int MESSAGES_PER_TURN = 32;

  private final DnsLimits limits;
  private final TransportMeters meters;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private Closed timerReason;
  private int pending;
  /** Messages decoded so far: tells a read that completed a message from one that only added to it. */
  private long decoded;
  private boolean held;
  private int thisTurn;
  private boolean yielding;

  TcpFraming(DnsLimits limits, TransportMeters meters) {
    this.limits = limits;
    this.meters = meters;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    arm(Closed.IDLE, limits.tcpIdleTimeout().toNanos());
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext context) {
    cancel();
  }

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
    if (pending >= MAX_PENDING || !context.channel().isWritable()) {
      hold();
      return;
    }
    if (thisTurn >= MESSAGES_PER_TURN) {
      yieldTurn();
      return;
    }
    int readable = in.readableBytes();
    if (readable < 2 || readable < 2 + in.getUnsignedShort(in.readerIndex())) {
      return;
    }
    int length = in.readUnsignedShort();
    pending++;
    decoded++;
    thisTurn++;
    if (timer != null && timerReason != Closed.UNREAD_REPLIES) {
      cancel(); // a message came whole: neither idle nor slow; the next read or reply sets the timer again
    }
    out.add(in.readRetainedSlice(length));
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
    boolean wasPartial = internalBuffer().isReadable();
    long before = decoded;
    super.channelRead(context, msg);
    afterRead(wasPartial && decoded == before);
  }

  /**
   * While held, no read is asked for: the decoder's own rule (read on when nothing was decoded and
   * auto-read is off) would otherwise read the whole socket into memory.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext context) throws Exception {
    if (held || yielding) {
      context.fireChannelReadComplete();
    } else {
      thisTurn = 0;
      super.channelReadComplete(context);
    }
  }

  /** A reply to one of this connection's queries was written: one fewer pending. */
  void replied() {
    pending--;
    if (held && pending < MAX_PENDING && ctx.channel().isWritable()) {
      resume();
    } else if (pending == 0 && !internalBuffer().isReadable()) {
      arm(Closed.IDLE, limits.tcpIdleTimeout().toNanos());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
    if (!context.channel().isWritable()) {
      hold();
    } else if (held && pending < MAX_PENDING) {
      resume();
    } else if (held) {
      cancel(); // the client reads again; what is left waits for upstreams
    }
    super.channelWritabilityChanged(context);
  }

  /**
   * Sets the timer after a read: a message under way has the I/O timeout, counted from its first byte; a
   * connection is idle (RFC 7766 6.2.3) only once every query it sent has its reply.
   */
  private void afterRead(boolean samePartialMessage) {
    if (held || yielding || !ctx.channel().isActive()) {
      return;
    }
    if (internalBuffer().isReadable()) {
      if (!(samePartialMessage && timer != null && timerReason == Closed.SLOW_MESSAGE)) {
        arm(Closed.SLOW_MESSAGE, limits.tcpIoTimeout().toNanos());
      }
    } else if (pending == 0) {
      arm(Closed.IDLE, limits.tcpIdleTimeout().toNanos());
    } else {
      cancel(); // not idle while its queries are answered; the last reply starts the idle timer
    }
  }

  /**
   * Stops reading until the loop has served its other sockets: a scheduled task, unlike one merely
   * submitted, runs only after the loop's next turn of I/O.
   */
  private void yieldTurn() {
    if (!yielding) {
      yielding = true;
      ctx.channel().config().setAutoRead(false);
      ctx.executor().schedule(this::nextTurn, 0, TimeUnit.NANOSECONDS);
    }
  }

  private void nextTurn() {
    yielding = false;
    thisTurn = 0;
    if (!held && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
      try {
        channelRead(ctx, Unpooled.EMPTY_BUFFER);
      } catch (Exception e) {
        ctx.fireExceptionCaught(e);
      }
    }
  }

  /**
   * Stops reading. Replies that wait for the client start the I/O timeout; queries that wait for an
   * upstream do not (the forwarder's own timeout ends them), nor does anything else then.
   */
  private void hold() {
    if (!held) {
      held = true;
      ctx.channel().config().setAutoRead(false);
    }
    if (!ctx.channel().isWritable()) {
      if (timer == null || timerReason != Closed.UNREAD_REPLIES) {
        arm(Closed.UNREAD_REPLIES, limits.tcpIoTimeout().toNanos());
      }
    } else {
      cancel();
    }
  }

  /**
   * Reads again, first decoding what was read while held: later, as a task of the event loop, since this
   * may be called from inside a decode (a flush that drained the socket).
   */
  private void resume() {
    held = false;
    if (yielding) {
      return; // the next turn reads again
    }
    ctx.channel().config().setAutoRead(true);
    ctx.executor().execute(() -> {
      if (!held && !yielding && ctx.channel().isActive()) {
        try {
          channelRead(ctx, Unpooled.EMPTY_BUFFER);
        } catch (Exception e) {
          ctx.fireExceptionCaught(e);
        }
      }
    });
  }

  private void arm(Closed reason, long nanos) {
    cancel();
    timerReason = reason;
    timer = ctx.executor().schedule(() -> expire(reason), nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(Closed reason) {
    timer = null;
    if (ctx.channel().isActive()) {
      meters.closed(reason);
      ctx.close();
    }
  }
}
