package dev.signpost.admin.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Right after the {@code SslHandler}: tells the connection's {@link ConnectionTimeoutHandler} that the
 * handshake is over (until then it times the handshake as it times a request: idle before the first byte,
 * the request timeout from it), and counts handshakes that fail: refused by either side, or begun by the
 * client and never finished (abandoned, or closed by a timeout). A failed handshake, or a later TLS error,
 * is routine (a client that does not trust the certificate, a port scanner, plain HTTP on the TLS port):
 * it is logged at DEBUG only, and the connection closed. One instance per connection.
 */
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(TlsHandshakeHandler.class.getName());

  private final ConnectionTimeoutHandler timeouts;
  private final HttpConnectionStats stats;

  TlsHandshakeHandler(ConnectionTimeoutHandler timeouts, HttpConnectionStats stats) {
    this.timeouts = timeouts;
    this.stats = stats;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        timeouts.handshakeDone();
      } else if (!(done.cause() instanceof ClosedChannelException) || timeouts.reading()) {
        // Closed before its first byte is no handshake (a port check); closed after it is one abandoned, as
        // the JDK's HTTP client abandons a certificate it does not trust, without an alert, or timed out.
        stats.tlsHandshakeFailed();
        LOG.log(Level.DEBUG, () -> "TLS handshake with " + ctx.channel().remoteAddress() + " failed: " + done.cause());
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (tls instanceof SSLException) {
      LOG.log(Level.DEBUG, () -> "TLS connection " + ctx.channel().remoteAddress() + " failed: " + tls);
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
