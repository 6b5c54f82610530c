package dev.signpost.core.health.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probes' HTTP/1.1 client against scripted endpoints on loopback. */
class KeepAliveClientTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  private final ExecutorService resolver = Executors.newSingleThreadExecutor();
  private final List<TestEndpoint> endpoints = new ArrayList<>();
  private KeepAliveClient client = KeepAliveClient.start(8, 64, Duration.ofMinutes(1), resolver);

  @AfterEach
  void stop() throws IOException {
    client.close();
    for (TestEndpoint e : endpoints) {
      e.close();
    }
    resolver.shutdownNow();
  }

  private TestEndpoint endpoint(TestEndpoint.Script script) throws IOException {
    TestEndpoint e = new TestEndpoint(script);
    endpoints.add(e);
    return e;
  }

  private TestEndpoint endpoint(String raw) throws IOException {
    TestEndpoint e = TestEndpoint.answering(raw);
    endpoints.add(e);
    return e;
  }

  private static HttpCall get(String url) {
    return new HttpCall("GET", URI.create(url), List.of(), Duration.ofSeconds(10), 4096);
  }

  private static HttpAnswer answer(CompletableFuture<HttpAnswer> sent) throws Exception {
    return sent.get(20, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<HttpAnswer> sent) {
    try {
      sent.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no answer and no failure: " + e);
    }
    throw new AssertionError("answered: " + sent.join());
  }

  private static void write(java.io.OutputStream out, String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aKeepAliveConnectionCarriesCallAfterCall() throws Exception {
    TestEndpoint e = endpoint(OK);
    for (int i = 0; i < 5; i++) {
      assertThat(answer(client.send(get(e.url("/health"))))).isEqualTo(new HttpAnswer(200, java.util.Optional.empty(),
          "ok"));
    }
    assertThat(e.accepted()).isEqualTo(1);
    assertThat(client.connectionsOpened()).isEqualTo(1);
    assertThat(client.openConnections()).isEqualTo(1);
    TestEndpoint.Request first = e.requests.take();
    assertThat(first.head()).startsWith("GET /health HTTP/1.1\r\n")
        .contains("\r\nHost: 127.0.0.1:" + URI.create(e.url("/")).getPort() + "\r\n")
        .contains("\r\nConnection: keep-alive\r\n").doesNotContain("Content-Length");
  }

  @Test
  void theRequestCarriesItsMethodTargetAndTheCallersHeaders() throws Exception {
    TestEndpoint e = endpoint(OK);
    HttpCall post = new HttpCall("POST", URI.create(e.url("/a%20b?x=1&y=%2F")),
        List.of(Map.entry("X-Token", "a"), Map.entry("X-Token", "b"), Map.entry("User-Agent", "mine")),
        Duration.ofSeconds(10), 4096);
    assertThat(answer(client.send(post)).status()).isEqualTo(200);
    assertThat(e.requests.take().head()).startsWith("POST /a%20b?x=1&y=%2F HTTP/1.1\r\n")
        .contains("\r\nX-Token: a\r\nX-Token: b\r\nUser-Agent: mine\r\n").contains("\r\nContent-Length: 0\r\n");
  }

  @Test
  void headersTheClientOwnsOrCannotSendAreRefusedAsTheJdkRefusesThem() {
    assertThatThrownBy(() -> HttpCall.requireSendable("Host", "example.com"))
        .hasMessage("restricted header name: \"Host\"");
    assertThatThrownBy(() -> HttpCall.requireSendable("connection", "close"))
        .hasMessage("restricted header name: \"connection\"");
    assertThatThrownBy(() -> HttpCall.requireSendable("X-A", "a\u0001b"))
        .hasMessageStartingWith("invalid header value");
    assertThatThrownBy(() -> HttpCall.requireSendable("X-A", "a\u20acb"))
        .hasMessageStartingWith("invalid header value");
    HttpCall.requireSendable("X-A", "caf\u00e9\tok");
  }

  @Test
  void aChunkedBodyIsReadToItsEndAndItsConnectionReused() throws Exception {
    TestEndpoint e = endpoint("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2;name=value\r\nok\r\n3\r\n abc\r\n0\r\nX-Trailer: t\r\n\r\n".replace(" abc", "abc"));
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("okabc");
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("okabc");
    assertThat(e.accepted()).isEqualTo(1);
  }

  @Test
  void connectionCloseEndsTheConnectionAfterItsAnswer() throws Exception {
    TestEndpoint e = endpoint("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 8\r\nConnection: close\r\n\r\n"
        + "draining");
    HttpAnswer first = answer(client.send(get(e.url("/"))));
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.body()).isEqualTo("draining");
    assertThat(client.openConnections()).isZero();
    assertThat(answer(client.send(get(e.url("/")))).status()).isEqualTo(503);
    assertThat(e.accepted()).isEqualTo(2);
  }

  @Test
  void anHttp10AnswerWithoutALengthRunsToTheCloseAndItsConnectionIsNotReused() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      write(out, "HTTP/1.0 200 OK\r\n\r\nuntil the end");
      socket.close();
    });
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("until the end");
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("until the end");
    assertThat(e.accepted()).isEqualTo(2);
  }

  @Test
  void aConnectionTheServerClosesWhileIdleIsDroppedAndTheNextCallSucceeds() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      write(out, OK);
      out.flush();
      socket.close(); // as a server with a short keep-alive timeout does, without saying so
    });
    assertThat(answer(client.send(get(e.url("/")))).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.openConnections() == 0);
    assertThat(answer(client.send(get(e.url("/")))).status()).isEqualTo(200);
    assertThat(e.accepted()).isEqualTo(2);
  }

  @Test
  void aReusedConnectionFoundClosedBeforeAnyByteOfItsAnswerIsRetriedOnceOnAFreshOne() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      if (request.connection() == 1 && request.number() == 2) {
        socket.close(); // the keep-alive timeout struck as the second request arrived
      } else {
        write(out, OK);
      }
    });
    assertThat(answer(client.send(get(e.url("/")))).status()).isEqualTo(200);
    assertThat(answer(client.send(get(e.url("/")))).status()).isEqualTo(200);
    assertThat(e.accepted()).isEqualTo(2);
  }

  @Test
  void aFreshConnectionClosedBeforeAnAnswerFailsWithoutARetry() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> socket.close());
    assertThat(failure(client.send(get(e.url("/"))))).isInstanceOf(IOException.class)
        .hasMessage("connection closed before an answer");
    assertThat(e.accepted()).isEqualTo(1);
  }

  @Test
  void aConnectionClosedInTheMiddleOfAnAnswerFailsTheCallWithoutARetry() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      if (request.number() == 1) {
        write(out, OK);
      } else {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok");
        out.flush();
        socket.close();
      }
    });
    answer(client.send(get(e.url("/"))));
    assertThat(failure(client.send(get(e.url("/"))))).hasMessage("connection closed in the middle of the answer");
    assertThat(e.accepted()).isEqualTo(1);
  }

  @Test
  void aHangingEndpointTimesOutAndItsConnectionIsClosed() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {});
    HttpCall call = new HttpCall("GET", URI.create(e.url("/")), List.of(), Duration.ofMillis(200), 4096);
    assertThat(failure(client.send(call))).isInstanceOf(TimeoutException.class);
    assertThat(e.closedByClient.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(client.openConnections()).isZero();
  }

  @Test
  void cancellingACallClosesItsConnection() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {});
    CompletableFuture<HttpAnswer> sent = client.send(get(e.url("/")));
    e.requests.take();
    sent.cancel(true);
    assertThat(e.closedByClient.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.openConnections() == 0);
  }

  @Test
  void headersOver64KiBFailTheCallAndCloseTheConnection() throws Exception {
    String filler = "X-Filler: " + "f".repeat(1000) + "\r\n";
    TestEndpoint e = endpoint("HTTP/1.1 200 OK\r\n" + filler.repeat(70) + "Content-Length: 2\r\n\r\nok");
    assertThat(failure(client.send(get(e.url("/"))))).isInstanceOf(ProtocolException.class)
        .hasMessage("answer headers over 64 KiB");
    assertThat(client.openConnections()).isZero();
  }

  @Test
  void aBodyOverTheLimitIsCutAndTheRestDrainedSoTheConnectionServesTheNextCall() throws Exception {
    TestEndpoint e = endpoint("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n" + "x".repeat(20_000));
    assertThat(answer(client.send(get(e.url("/")))).body()).hasSize(4096);
    assertThat(answer(client.send(get(e.url("/")))).body()).hasSize(4096);
    assertThat(e.accepted()).isEqualTo(1);
  }

  @Test
  void aBodyBeyondTheDrainLimitEndsTheCallUnreadAndClosesTheConnection() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'y');
      for (int i = 0; i < 100_000_000 / chunk.length; i++) {
        out.write(chunk); // until the client closes
      }
    });
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("y".repeat(4096));
    assertThat(client.openConnections()).isZero();
  }

  @Test
  void anEndlessChunkedBodyEndsTheCallAtTheDrainLimit() throws Exception {
    TestEndpoint e = endpoint((request, out, socket) -> {
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      while (true) {
        write(out, "400\r\n" + "z".repeat(1024) + "\r\n"); // until the client closes
      }
    });
    assertThat(answer(client.send(get(e.url("/")))).body()).isEqualTo("z".repeat(4096));
    assertThat(e.closedByClient.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aTargetKeepsAtMostItsLimitOfIdleConnections() throws Exception {
    client.close();
    client = KeepAliveClient.start(2, 64, Duration.ofMinutes(1), resolver);
    CountDownLatch all = new CountDownLatch(3);
    TestEndpoint e = endpoint((request, out, socket) -> {
      all.countDown();
      try {
        all.await(); // three at once: three connections
      } catch (InterruptedException stop) {
        return;
      }
      write(out, OK);
    });
    List<CompletableFuture<HttpAnswer>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(client.send(get(e.url("/"))));
    }
    for (CompletableFuture<HttpAnswer> c : calls) {
      assertThat(answer(c).status()).isEqualTo(200);
    }
    assertThat(e.accepted()).isEqualTo(3);
    assertThat(client.openConnections()).isEqualTo(2);
  }

  @Test
  void atTheConnectionLimitTheOldestIdleConnectionMakesRoom() throws Exception {
    client.close();
    client = KeepAliveClient.start(8, 2, Duration.ofMinutes(1), resolver);
    TestEndpoint a = endpoint(OK);
    TestEndpoint b = endpoint(OK);
    TestEndpoint c = endpoint(OK);
    answer(client.send(get(a.url("/"))));
    answer(client.send(get(b.url("/"))));
    answer(client.send(get(c.url("/"))));
    assertThat(a.closedByClient.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(client.openConnections()).isEqualTo(2);
    assertThat(b.closedByClient).isEmpty();
  }

  @Test
  void anIdleConnectionClosesAfterTheIdleTimeout() throws Exception {
    client.close();
    client = KeepAliveClient.start(8, 64, Duration.ofMillis(100), resolver);
    TestEndpoint e = endpoint(OK);
    answer(client.send(get(e.url("/"))));
    assertThat(e.closedByClient.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.openConnections() == 0);
  }

  @Test
  void aRefusedConnectionFailsWithConnectException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(failure(client.send(get("http://127.0.0.1:" + port + "/")))).isInstanceOf(ConnectException.class);
    assertThat(client.openConnections()).isZero();
  }

  @Test
  void anUnknownHostFailsWithUnknownHostException() {
    assertThat(failure(client.send(get("http://no-such-host.invalid/")))).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void aHostNameIsResolvedAndItsConnectionKeptByName() throws Exception {
    TestEndpoint e = endpoint(OK);
    String url = e.url("/").replace("127.0.0.1", "localhost");
    assertThat(answer(client.send(get(url))).status()).isEqualTo(200);
    assertThat(answer(client.send(get(url))).status()).isEqualTo(200);
    assertThat(e.accepted()).isEqualTo(1);
    assertThat(e.requests.take().head()).contains("\r\nHost: localhost:");
  }

  @Test
  void aClosedClientFailsItsCalls() {
    client.close();
    assertThat(failure(client.send(get("http://127.0.0.1:9/")))).isInstanceOf(IOException.class);
  }
}
