package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.signpost.admin.http.HttpConnectionStats;
import dev.signpost.core.ServiceDiscovery;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12: every resource an HTTP client can make the API hold is bounded, over real loopback sockets. */
class HttpLimitsApiTest {

  private static final String GET_SERVICES = "GET /v1/catalog/services HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private static final Duration LONG = Duration.ofSeconds(5);

  private final ServiceDiscovery discovery = ServiceDiscovery.inMemory();
  private final List<AutoCloseable> open = new ArrayList<>();
  private AdminServer server;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
    discovery.close();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
    start(Duration.ofMillis(300), LONG, 16);
    RawConnection client = connect();

    Duration open = client.awaitClosedByServer();

    assertThat(open).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    await().untilAsserted(() -> assertThat(stats().idleConnectionsClosed()).isEqualTo(1));
    assertThat(stats().slowRequestsClosed()).isZero();
  }

  @Test
  void aConnectionIdleAfterItsAnswerIsClosedAfterTheIdleTimeout() throws IOException {
    start(Duration.ofMillis(300), LONG, 16);
    RawConnection client = connect();
    client.send(GET_SERVICES);

    assertThat(RawConnection.status(client.readResponse())).isEqualTo(200);
    Duration open = client.awaitClosedByServer();

    assertThat(open).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    await().untilAsserted(() -> assertThat(stats().idleConnectionsClosed()).isEqualTo(1));
  }

  @Test
  void aSlowlorisSendingAByteEvery100msIsClosedAfterTheRequestTimeout() throws IOException {
    start(LONG, Duration.ofMillis(500), 16);
    RawConnection client = connect();
    byte[] request = ("GET /v1/catalog/services HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(100) + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> trickle(client, request));

    Duration open = client.awaitClosedByServer();

    assertThat(open).isBetween(Duration.ofMillis(400), Duration.ofSeconds(2));
    await().untilAsserted(() -> assertThat(stats().slowRequestsClosed()).isEqualTo(1));
    assertThat(stats().idleConnectionsClosed()).isZero();
    trickle.join();
  }

  @Test
  void aBlockingQueryOutlivesBothTimeoutsWhileItWaitsForItsAnswer() throws IOException {
    start(Duration.ofMillis(300), Duration.ofMillis(300), 16);
    RawConnection client = connect();
    client.send(GET_SERVICES);
    long index = RawConnection.consulIndex(client.readResponse());
    long started = System.nanoTime();

    client.send("GET /v1/catalog/services?index=" + index + "&wait=2s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    String answer = client.readResponse();

    assertThat(RawConnection.status(answer)).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(stats().idleConnectionsClosed()).isZero();
    assertThat(stats().slowRequestsClosed()).isZero();
  }

  @Test
  void connectionsPastTheLimitGet503AndAreClosedUntilOneCloses() throws IOException {
    start(LONG, LONG, 3);
    List<RawConnection> admitted = List.of(connect(), connect(), connect());
    await().untilAsserted(() -> assertThat(stats().openConnections()).isEqualTo(3));

    RawConnection refused = connect();
    String refusal = refused.readResponse();
    refused.awaitClosedByServer();

    assertThat(RawConnection.status(refusal)).isEqualTo(503);
    assertThat(refusal).containsIgnoringCase("connection: close").endsWith("too many connections (limit 3)");
    assertThat(stats().refusedConnections()).isEqualTo(1);
    assertThat(stats().openConnections()).isEqualTo(3);

    admitted.get(0).close();
    await().untilAsserted(() -> assertThat(stats().openConnections()).isEqualTo(2));
    RawConnection next = connect();
    next.send(GET_SERVICES);
    assertThat(RawConnection.status(next.readResponse())).isEqualTo(200);
  }

  @Test
  void aBodyOverTheLimitGets413AndTheConnectionIsClosedWithoutReadingTheRest() throws IOException {
    start(LONG, LONG, 16);
    RawConnection client = connect();
    client.send("PUT /v1/agent/service/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 104857600\r\n\r\n");
    client.send(new byte[4096]);

    String response = client.readResponse();
    client.awaitClosedByServer();

    assertThat(RawConnection.status(response)).isEqualTo(413);
    assertThat(response).containsIgnoringCase("connection: close");
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1600; i++) {
        client.send(new byte[64 * 1024]); // the other 100 MB: refused long before they are all sent
      }
    }).isInstanceOf(IOException.class);
    assertThat(stats().oversizedBodies()).isEqualTo(1);
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws IOException {
    start(LONG, LONG, 16);
    RawConnection client = connect();
    client.send(GET_SERVICES);
    long index = RawConnection.consulIndex(client.readResponse());
    long started = System.nanoTime();

    // A blocking query, then a plain request, in one write: the plain one's answer must wait its turn.
    client.send("GET /v1/catalog/services?index=" + index + "&wait=1s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        + "GET /v1/status/peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    String first = client.readResponse();
    Duration firstAfter = Duration.ofNanos(System.nanoTime() - started);
    String second = client.readResponse();

    assertThat(firstAfter).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(first).endsWith("{}");
    assertThat(second).contains("[\"");
  }

  @Test
  void aClientThatPipelinesAndNeverReadsHoldsOneAnswerAndIsClosedAfterTheRequestTimeout() throws Exception {
    start(LONG, Duration.ofMillis(500), 16);
    for (int i = 0; i < 3000; i++) {
      discovery.register(dev.signpost.core.Instance.of("web-" + i, "web", "10.0." + (i >> 8) + "." + (i & 255), 8080,
          List.of("a-tag-that-makes-the-answer-longer-" + i))).toCompletableFuture().join();
    }
    String request = "GET /v1/agent/services HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; // about 1 MB each answer
    RawConnection client = connect();

    // 50 MB of answers asked for, none read: only a server that answers one at a time keeps from holding them.
    client.send(request.repeat(50));

    await().atMost(LONG).untilAsserted(() -> assertThat(stats().unreadAnswersClosed()).isEqualTo(1));
    client.awaitClosedByServer();
    assertThat(stats().idleConnectionsClosed()).isZero();
  }

  private void start(Duration idleTimeout, Duration requestTimeout, int maxConnections) {
    AdminConfig config = new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "n1", 1 << 20)
        .withLimits(idleTimeout, requestTimeout, maxConnections);
    server = AdminServer.start(discovery, config);
  }

  private HttpConnectionStats stats() {
    return server.connectionStats();
  }

  private RawConnection connect() {
    RawConnection connection = new RawConnection(server.address(), LONG);
    open.add(connection);
    return connection;
  }

  private static void trickle(RawConnection client, byte[] request) {
    try {
      for (byte b : request) {
        client.send(new byte[] {b});
        Thread.sleep(100); // the client's pace, not a wait for the server
      }
    } catch (IOException e) {
      // the server closed the connection: what the test expects
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
