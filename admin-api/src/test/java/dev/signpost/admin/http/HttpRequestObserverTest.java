package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.testing.ManualTime;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the API handler tells its {@link HttpRequestObserver}: the route's pattern, never the path. */
class HttpRequestObserverTest {

  private final CompletableFuture<ApiResponse> pendingWrite = new CompletableFuture<>();
  private final HttpRouter router = new HttpRouter(List.of(
      Route.write("PUT", "/v1/things/register", r -> pendingWrite),
      Route.read("/v1/things/{id}", r -> ApiResponse.json(Map.of("id", r.pathParam("id")))),
      Route.read("/v1/kv/{key...}", r -> {
        throw ApiException.notFound("no key " + r.pathParam("key"));
      })),
      () -> 7, new BlockingQuery(() -> 7, i -> new CompletableFuture<>()));
  private final ManualTime time = new ManualTime();
  private final List<String> told = new ArrayList<>();
  private final EmbeddedChannel channel = new LoopbackChannel();

  HttpRequestObserverTest() {
    channel.pipeline().addLast(new HttpApiHandler(router, new ApiErrors(), new JsonCodec(),
        (route, method, status, nanos) -> told.add(method + " " + route + " " + status + " " + nanos), time));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void send(FullHttpRequest request) {
    channel.writeInbound(request);
    channel.runPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    if (response != null) {
      response.release();
    }
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource(delimiter = '|', textBlock = """
      GET    | /v1/things/abc          | GET /v1/things/{id} 200 0
      GET    | /v1/things/abc?pretty   | GET /v1/things/{id} 200 0
      GET    | /v1/kv/a/b/c            | GET /v1/kv/{key...} 404 0
      GET    | /v1/kv/a%2Fb            | GET /v1/kv/{key...} 404 0
      GET    | /v1/nothing/here        | GET unmatched 404 0
      POST   | /v1/things/register     | POST /v1/things/register 405 0
      BREW   | /v1/things/abc          | OTHER /v1/things/{id} 405 0
      """)
  void eachRequestIsToldByItsRoutesPatternMethodAndStatus(String method, String uri, String expected) {
    send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri));

    assertThat(told).containsExactly(expected);
  }

  @Test
  void theTimeRunsFromTheRequestToItsReply() {
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/things/register"));
    time.advance(Duration.ofMillis(250));
    assertThat(told).isEmpty();

    pendingWrite.complete(ApiResponse.empty());
    channel.runPendingTasks();
    ((FullHttpResponse) channel.readOutbound()).release();

    assertThat(told).containsExactly("PUT /v1/things/register 200 250000000");
  }

  @Test
  void aRequestTooMalformedToRouteIsUnmatched() {
    FullHttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/things/abc");
    bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

    send(bad);

    assertThat(told).containsExactly("GET unmatched 400 0");
  }
}
