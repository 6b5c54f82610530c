package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.admin.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Host check in the real pipeline, on an embedded connection to 127.0.0.1:8500. */
class HostCheckHandlerTest {

  private final HttpRouter router = new HttpRouter(List.of(Route.read("/v1/echo", r -> ApiResponse.json(Map.of()))),
      () -> 7, new BlockingQuery(() -> 7, i -> new CompletableFuture<>()));
  private EmbeddedChannel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8500", "localhost:8500", "[::1]:8500", "localhost"})
  void loopbackHostsAreAnswered(String host) {
    connect(List.of());

    assertThat(exchange("GET /v1/echo HTTP/1.1\r\nHost: " + host + "\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void anotherHostGets403NamingItAndTheConnectionIsClosed() {
    connect(List.of());

    String response = exchange("GET /v1/echo HTTP/1.1\r\nHost: evil.example:8500\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 403 Forbidden")
        .containsIgnoringCase("content-type: text/plain")
        .contains("Host 'evil.example:8500' is not allowed");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aNameGivenAsAllowedIsAnswered() {
    connect(List.of("evil.example"));

    assertThat(exchange("GET /v1/echo HTTP/1.1\r\nHost: evil.example:8500\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void http11WithoutHostGets400() {
    connect(List.of());

    String response = exchange("GET /v1/echo HTTP/1.1\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request").contains("missing Host header");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void twoHostHeadersGet400() {
    connect(List.of());

    assertThat(exchange("GET /v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request").contains("more than one Host header");
  }

  @Test
  void http10WithoutHostIsAnswered() {
    connect(List.of());

    assertThat(exchange("GET /v1/echo HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aRefusedRequestIsReleasedAndNotPassedOn() {
    channel = new LoopbackChannel(new HostCheckHandler(AllowedHosts.forListener(InetAddress.getLoopbackAddress(),
        List.of())));
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/echo",
        Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII));
    request.headers().set(HttpHeaderNames.HOST, "evil.example");

    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();

    assertThat(request.refCnt()).isZero();
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(response.status().code()).isEqualTo(403);
    response.release();
  }

  private void connect(List<String> allowed) {
    AdminChannelInitializer initializer = new AdminChannelInitializer(
        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
        new HttpBounds(1024, Duration.ofSeconds(60), Duration.ofSeconds(10), 16), new HttpConnectionStats(),
        router, new JsonCodec(), Optional.empty(), AllowedHosts.forListener(InetAddress.getLoopbackAddress(), allowed));
    channel = new LoopbackChannel(initializer);
  }

  private String exchange(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    channel.runPendingTasks();
    StringBuilder text = new StringBuilder();
    for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
      text.append(part.toString(StandardCharsets.UTF_8));
      part.release();
    }
    return text.toString();
  }
}
