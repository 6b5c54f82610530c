package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.admin.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection's deadlines in the real pipeline order, on an embedded channel whose clock the test moves. */
class ConnectionTimeoutHandlerTest {

  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final Duration REQUEST = Duration.ofSeconds(10);
  private static final String SLOW = "PUT /v1/slow HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";

  private final CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
  private final HttpRouter router = new HttpRouter(List.of(
      Route.read("/v1/echo", r -> ApiResponse.json(Map.of("bytes", r.body().length))),
      Route.write("PUT", "/v1/slow", r -> answer)),
      () -> 7, new BlockingQuery(() -> 7, i -> new CompletableFuture<>()));
  private final HttpConnectionStats stats = new HttpConnectionStats();
  private final EmbeddedChannel channel;

  ConnectionTimeoutHandlerTest() {
    ConnectionTimeoutHandler timeouts = new ConnectionTimeoutHandler(IDLE, REQUEST, stats);
    channel = new LoopbackChannel(timeouts, new HttpServerCodec(), new ExchangeBoundaryHandler(timeouts),
        new BodyLimitAggregator(1024, stats), new HttpApiHandler(router, new ApiErrors(), new JsonCodec()));
    channel.freezeTime();
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void aRequestWaitingForItsAnswerIsClosedByNeitherTimerAndTheIdleTimerStartsWithTheAnswer() {
    send(SLOW);
    advance(Duration.ofHours(1));
    assertThat(channel.isOpen()).isTrue();

    answer.complete(ApiResponse.empty());
    assertThat(takeResponse()).startsWith("HTTP/1.1 200");
    advance(IDLE.minusMillis(1));
    assertThat(channel.isOpen()).isTrue();
    advance(Duration.ofMillis(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.idleConnectionsClosed()).isEqualTo(1);
  }

  @Test
  void aTricklingBodyIsTimedFromTheRequestsFirstByteNotFromTheLatest() {
    send("PUT /v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab");
    advance(REQUEST.minusSeconds(1));
    send("cd");
    assertThat(channel.isOpen()).isTrue();

    advance(Duration.ofSeconds(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.slowRequestsClosed()).isEqualTo(1);
  }

  @Test
  void aPipelinedRequestArrivingWithThePreviousOneIsTimedWhileThatOneWaits() {
    send(SLOW + "PUT /v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab");

    advance(REQUEST);

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.slowRequestsClosed()).isEqualTo(1);
  }

  @Test
  void answeredRequestsLeaveTheConnectionToTheIdleTimer() {
    send("GET /v1/echo HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(takeResponse()).startsWith("HTTP/1.1 200");
    advance(IDLE.minusMillis(1));
    send("GET /v1/echo HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(takeResponse()).startsWith("HTTP/1.1 200");

    advance(IDLE.minusMillis(1));
    assertThat(channel.isOpen()).isTrue();
    advance(Duration.ofMillis(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.idleConnectionsClosed()).isEqualTo(1);
    assertThat(stats.slowRequestsClosed()).isZero();
  }

  private void send(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
  }

  private void advance(Duration time) {
    channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
    channel.runPendingTasks();
  }

  private String takeResponse() {
    StringBuilder text = new StringBuilder();
    for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
      text.append(part.toString(StandardCharsets.UTF_8));
      part.release();
    }
    return text.toString();
  }
}
