package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.admin.json.JsonCodec;
import dev.signpost.admin.tls.ServerTls;
import dev.signpost.admin.tls.TlsFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS handshake is timed as a request is, in the real pipeline on an embedded server connection whose
 * clock the test moves, with an embedded client connection to shuttle bytes to and from.
 */
class TlsHandshakeTimeoutTest {

  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final Duration REQUEST = Duration.ofSeconds(10);

  private final HttpConnectionStats stats = new HttpConnectionStats();
  private final MockTicker ticker = Ticker.newMockTicker();
  private final LoopbackChannel server;
  private final EmbeddedChannel client;

  TlsHandshakeTimeoutTest() throws Exception {
    HttpRouter router = new HttpRouter(List.of(Route.read("/v1/echo", r -> ApiResponse.json(Map.of()))),
        () -> 7, new BlockingQuery(() -> 7, i -> new CompletableFuture<>()));
    AdminChannelInitializer initializer = new AdminChannelInitializer(
        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new HttpBounds(1024, IDLE, REQUEST, 16), stats,
        router, new JsonCodec(), Optional.of(ServerTls.load(TlsFixtures.serverFiles(false))),
        AllowedHosts.forListener(InetAddress.getLoopbackAddress(), List.of()));
    server = new LoopbackChannel(ticker, initializer);
    X509Certificate ca = caCertificate();
    SslContext clientTls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(ca).build();
    SslHandler clientSsl = clientTls.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, "127.0.0.1", 8500);
    client = new EmbeddedChannel(clientSsl, new HttpClientCodec(), new HttpObjectAggregator(1 << 16));
  }

  @AfterEach
  void close() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void aConnectionThatNeverStartsAHandshakeIsClosedAfterTheIdleTimeout() {
    advance(IDLE.minusMillis(1));
    assertThat(server.isOpen()).isTrue();

    advance(Duration.ofMillis(1));

    assertThat(server.isOpen()).isFalse();
    assertThat(stats.idleConnectionsClosed()).isEqualTo(1);
    assertThat(stats.tlsHandshakeFailures()).as("a timeout is not a failed handshake").isZero();
  }

  @Test
  void aHandshakeThatStallsIsClosedAfterTheRequestTimeoutFromItsFirstByte() {
    ByteBuf clientHello = client.readOutbound();
    server.writeInbound(clientHello.retainedSlice(0, 20));
    clientHello.release();

    advance(REQUEST.minusMillis(1));
    assertThat(server.isOpen()).isTrue();
    advance(Duration.ofMillis(1));

    assertThat(server.isOpen()).isFalse();
    assertThat(stats.slowRequestsClosed()).isEqualTo(1);
    assertThat(stats.tlsHandshakeFailures()).isEqualTo(1);
  }

  @Test
  void aClientThatNeverFinishesTheHandshakeIsClosedAfterTheRequestTimeout() {
    server.writeInbound((Object) client.readOutbound()); // the whole ClientHello; the server's reply goes unread

    advance(REQUEST);

    assertThat(server.isOpen()).isFalse();
    assertThat(stats.slowRequestsClosed()).isEqualTo(1);
  }

  @Test
  void afterTheHandshakeTheIdleTimerRunsAndARequestIsAnswered() {
    shuttle();
    assertThat(client.pipeline().get(SslHandler.class).handshakeFuture().isSuccess()).isTrue();

    advance(REQUEST.plusSeconds(1));
    assertThat(server.isOpen()).as("a finished handshake is not a slow request").isTrue();
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/echo");
    request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8500");
    client.writeOutbound(request);
    shuttle();
    FullHttpResponse response = client.readInbound();
    assertThat(response.status().code()).isEqualTo(200);
    response.release();

    advance(IDLE.minusMillis(1));
    assertThat(server.isOpen()).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(server.isOpen()).isFalse();
    assertThat(stats.idleConnectionsClosed()).isEqualTo(1);
    assertThat(stats.slowRequestsClosed()).isZero();
  }

  /** Moves bytes both ways until neither side has any to send. */
  private void shuttle() {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Object out = client.readOutbound(); out != null; out = client.readOutbound()) {
        server.writeInbound(out);
        moved = true;
      }
      server.runPendingTasks();
      for (Object out = server.readOutbound(); out != null; out = server.readOutbound()) {
        client.writeInbound(out);
        moved = true;
      }
      client.runPendingTasks();
    }
  }

  private void advance(Duration time) {
    ticker.advance(time.toNanos(), TimeUnit.NANOSECONDS);
    server.runPendingTasks();
  }

  private static X509Certificate caCertificate() {
    try (var in = java.nio.file.Files.newInputStream(TlsFixtures.file("ca.pem"))) {
      return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
