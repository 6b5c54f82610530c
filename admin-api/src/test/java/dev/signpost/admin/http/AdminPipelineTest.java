package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.admin.json.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregator and the API handler on an embedded channel: replies, and no leaked buffers. */
class AdminPipelineTest {

  private static final int LIMIT = 64;

  private final CompletableFuture<ApiResponse> pendingWrite = new CompletableFuture<>();
  private final HttpRouter router = new HttpRouter(List.of(
      Route.read("/v1/echo", r -> ApiResponse.json(Map.of("bytes", r.body().length))),
      Route.write("PUT", "/v1/slow", r -> pendingWrite)),
      () -> 7, new BlockingQuery(() -> 7, i -> new CompletableFuture<>()));
  private final EmbeddedChannel channel = new LoopbackChannel();
  private final HttpConnectionStats stats = new HttpConnectionStats();

  AdminPipelineTest() {
    channel.pipeline()
        .addLast(new BodyLimitAggregator(LIMIT, stats))
        .addLast(new HttpApiHandler(router, new ApiErrors(), new JsonCodec()));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void requestBufferIsReleasedAndTheReplyIsJson() {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/echo",
        Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8));

    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();

    assertThat(request.refCnt()).isZero();
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
    assertThat(response.headers().get("X-Consul-Index")).isEqualTo("7");
    assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"bytes\":3}");
    response.release();
  }

  @Test
  void aWriteIsAnsweredOnlyWhenItsStageCompletes() {
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/slow"));
    assertThat((Object) channel.readOutbound()).isNull();

    pendingWrite.complete(ApiResponse.empty());
    channel.runPendingTasks();
    FullHttpResponse response = channel.readOutbound();

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.content().readableBytes()).isZero();
    response.release();
  }

  @Test
  void aDeclaredLengthOverTheLimitGets413WithAMessageAndTheConnectionIsClosedWithoutReadingTheBody() {
    HttpRequest start = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/slow");
    start.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, LIMIT + 1);

    channel.freezeTime();
    channel.writeInbound(start);
    FullHttpResponse response = channel.readOutbound();

    assertThat(response.status().code()).isEqualTo(413);
    assertThat(response.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("request body is larger than " + LIMIT + " bytes");
    assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    assertThat(channel.config().isAutoRead()).isFalse(); // rather than reading and discarding the rest
    assertThat(stats.oversizedBodies()).isEqualTo(1);
    response.release();
    channel.advanceTimeBy(BodyLimitAggregator.CLOSE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
    channel.runPendingTasks();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anOversizedHundredContinueGets413AndACloseInsteadOfAContinue() {
    HttpRequest start = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/slow");
    start.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, LIMIT + 1);
    start.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

    channel.writeInbound(start);
    FullHttpResponse response = channel.readOutbound();

    assertThat(response.status().code()).isEqualTo(413);
    assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("request body is larger than");
    assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.oversizedBodies()).isEqualTo(1);
    response.release();
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitGets413AndItsChunksAreReleased() {
    HttpRequest start = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/slow");
    start.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    DefaultHttpContent first = new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[LIMIT]));
    DefaultHttpContent second = new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[LIMIT]));

    channel.writeInbound(start, first, second);
    FullHttpResponse response = channel.readOutbound();

    assertThat(response.status().code()).isEqualTo(413);
    assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("request body is larger than");
    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
    response.release();
  }

  @Test
  void unknownPathIs404AsPlainText() {
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/nowhere"));
    FullHttpResponse response = channel.readOutbound();

    assertThat(response.status().code()).isEqualTo(404);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; charset=utf-8");
    response.release();
  }
}
