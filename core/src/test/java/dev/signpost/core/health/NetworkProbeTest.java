package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.health.http.TestEndpoint;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP and TCP probes against endpoints on loopback. */
class NetworkProbeTest {

  private final Probe probe = Probe.network();
  private HttpServer server;
  private final AtomicReference<Map<String, List<String>>> lastHeaders = new AtomicReference<>();
  private final AtomicReference<String> lastMethod = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    probe.close();
  }

  private String serve(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      lastHeaders.set(Map.copyOf(exchange.getRequestHeaders()));
      lastMethod.set(exchange.getRequestMethod());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  private static CheckSpec http(String url, String method, Map<String, List<String>> header, Duration timeout,
      boolean skipVerify) {
    return new CheckSpec("c", "", "", url, method, header, skipVerify, "", null, Duration.ofSeconds(1), timeout,
        null, 0, 0, 0, null);
  }

  private static CheckSpec tcp(String target, Duration timeout) {
    return new CheckSpec("c", "", "", "", "", null, false, target, null, Duration.ofSeconds(1), timeout,
        null, 0, 0, 0, null);
  }

  private CheckState run(CheckSpec check) throws Exception {
    return probe.run(check).toCompletableFuture().get(20, TimeUnit.SECONDS).state();
  }

  @Test
  void http2xxIsPassingWithConsulsOutput() throws Exception {
    String url = serve(200, "ok");
    CheckState state = run(http(url, "", null, null, false));
    assertThat(state).isEqualTo(new CheckState(HealthStatus.PASSING, "HTTP GET " + url + ": 200 OK Output: ok"));
    assertThat(lastHeaders.get().get("User-agent")).containsExactly("Signpost Health Check");
  }

  @Test
  void aJsonBodyReportingConnectionsCarriesTheLoad() throws Exception {
    String url = serve(200, "{\"status\": \"ok\", \"activeConnections\": 17}");
    ProbeResult result = probe.run(http(url, "", null, null, false)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(result.state().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(result.activeConnections()).hasValue(17);
  }

  @Test
  void http429IsWarningAndOtherCodesAreCritical() throws Exception {
    String url = serve(429, "slow down");
    assertThat(run(http(url, "", null, null, false)).status()).isEqualTo(HealthStatus.WARNING);
    server.stop(0);
    url = serve(503, "draining");
    CheckState state = run(http(url, "", null, null, false));
    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).isEqualTo("HTTP GET " + url + ": 503 Service Unavailable Output: draining");
  }

  @Test
  void theCheckMethodAndHeadersAreSent() throws Exception {
    String url = serve(204, "");
    CheckState state = run(http(url, "HEAD", Map.of("X-Token", List.of("a", "b"), "User-Agent", List.of("mine")),
        null, false));
    assertThat(state.status()).isEqualTo(HealthStatus.PASSING);
    assertThat(lastMethod.get()).isEqualTo("HEAD");
    assertThat(lastHeaders.get().get("X-token")).containsExactly("a", "b");
    assertThat(lastHeaders.get().get("User-agent")).containsExactly("mine");
  }

  @Test
  void aLongBodyIsCutAtFourKilobytes() throws Exception {
    String url = serve(200, "x".repeat(100_000));
    CheckState state = run(http(url, "", null, null, false));
    assertThat(state.output()).startsWith("HTTP GET " + url + ": 200 OK Output: xxxx")
        .matches("(?s).*xxx \\.\\.\\. \\(captured \\d{4} of "
            + (("HTTP GET " + url + ": 200 OK Output: ").length() + HttpProbe.BODY_LIMIT) + " characters\\)")
        .hasSize(CheckState.MAX_OUTPUT);
  }

  @Test
  void aRefusedConnectionIsCritical() throws Exception {
    int port = closedPort();
    CheckState state = run(http("http://127.0.0.1:" + port + "/health", "", null, null, false));
    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).startsWith("HTTP GET http://127.0.0.1:" + port + "/health: ")
        .containsIgnoringCase("refused");
  }

  @Test
  void aHungEndpointIsCriticalAfterItsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Accepts (the backlog does) but never answers.
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/health";
      long start = System.nanoTime();
      CheckState state = run(http(url, "", null, Duration.ofMillis(300), false));
      assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(state.output()).isEqualTo("HTTP GET " + url + ": timed out after 300ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void tlsSkipVerifyAcceptsASelfSignedCertificate(@TempDir Path dir) throws Exception {
    SSLContext ssl = selfSigned(dir);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ssl));
    https.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("ok".getBytes(StandardCharsets.UTF_8));
      }
    });
    https.start();
    try {
      String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/health";
      CheckState verified = run(http(url, "", null, null, false));
      assertThat(verified.status()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(verified.output()).contains("TLS handshake failed");
      assertThat(run(http(url, "", null, null, true)).status()).isEqualTo(HealthStatus.PASSING);
    } finally {
      https.stop(0);
    }
  }

  @Test
  void anHttpCheckKeepsItsConnectionFromOneRunToTheNext() throws Exception {
    try (TestEndpoint endpoint = TestEndpoint.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
      String url = endpoint.url("/health");
      for (int i = 0; i < 5; i++) {
        assertThat(run(http(url, "", null, null, false)))
            .isEqualTo(new CheckState(HealthStatus.PASSING, "HTTP GET " + url + ": 200 OK Output: ok"));
      }
      assertThat(endpoint.accepted()).isEqualTo(1);
      assertThat(endpoint.requests.take().head()).contains("\r\nUser-Agent: Signpost Health Check\r\n")
          .contains("\r\nAccept: text/plain, text/*, */*\r\n");
    }
  }

  @Test
  void aHeaderTheClientOwnsMakesTheCheckCriticalSayingSo() throws Exception {
    String url = serve(200, "ok");
    CheckState state = run(http(url, "", Map.of("Host", List.of("other")), null, false));
    assertThat(state).isEqualTo(new CheckState(HealthStatus.CRITICAL,
        "HTTP GET " + url + ": header Host cannot be sent: restricted header name: \"Host\""));
  }

  /** An endpoint whose {@code /redirect/N} redirects to {@code /redirect/N-1}, and {@code /redirect/0} to itself. */
  private String redirecting(int status, AtomicInteger requests) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      lastMethod.set(exchange.getRequestMethod());
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/health")) {
        byte[] ok = "arrived".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
      } else {
        int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        exchange.getResponseHeaders().add("Location", n == 1 ? "/health" : "/redirect/" + Math.max(0, n - 1));
        exchange.sendResponseHeaders(status, -1);
      }
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void redirectsAreFollowedUpToFourInARowAsTheJdksClientDoes() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String base = redirecting(302, requests);
    assertThat(run(http(base + "/redirect/4", "", null, null, false)))
        .isEqualTo(new CheckState(HealthStatus.PASSING, "HTTP GET " + base + "/redirect/4: 200 OK Output: arrived"));
    assertThat(requests.get()).isEqualTo(5);
    requests.set(0);
    CheckState loop = run(http(base + "/redirect/0", "", null, null, false));
    assertThat(loop).isEqualTo(new CheckState(HealthStatus.CRITICAL,
        "HTTP GET " + base + "/redirect/0: 302 Found Output: "));
    assertThat(requests.get()).isEqualTo(5);
  }

  @Test
  void a303TurnsAPostIntoAGetAnd307KeepsIt() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String base = redirecting(303, requests);
    assertThat(run(http(base + "/redirect/1", "POST", null, null, false)).status()).isEqualTo(HealthStatus.PASSING);
    assertThat(lastMethod.get()).isEqualTo("GET");
    server.stop(0);
    base = redirecting(307, requests);
    assertThat(run(http(base + "/redirect/1", "POST", null, null, false)).status()).isEqualTo(HealthStatus.PASSING);
    assertThat(lastMethod.get()).isEqualTo("POST");
  }

  @Test
  void aRedirectWithoutLocationIsCritical() throws Exception {
    String url = serve(302, "");
    assertThat(run(http(url, "", null, null, false)))
        .isEqualTo(new CheckState(HealthStatus.CRITICAL, "HTTP GET " + url + ": Invalid redirection"));
  }

  @Test
  void anHttpCheckRedirectedToHttpsContinuesOverTls(@TempDir Path dir) throws Exception {
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
    https.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, 3);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("tls".getBytes(StandardCharsets.UTF_8));
      }
    });
    https.start();
    String target = "https://127.0.0.1:" + https.getAddress().getPort() + "/health";
    try (TestEndpoint plain = TestEndpoint.answering("HTTP/1.1 301 Moved Permanently\r\nLocation: " + target
        + "\r\nContent-Length: 0\r\n\r\n")) {
      String url = plain.url("/health");
      assertThat(run(http(url, "", null, null, true)))
          .isEqualTo(new CheckState(HealthStatus.PASSING, "HTTP GET " + url + ": 200 OK Output: tls"));
    } finally {
      https.stop(0);
    }
  }

  @Test
  void tcpIsPassingWhenAConnectionOpens() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String target = "127.0.0.1:" + listening.getLocalPort();
      assertThat(run(tcp(target, null))).isEqualTo(new CheckState(HealthStatus.PASSING, "TCP connect " + target + ": Success"));
      assertThat(run(tcp("localhost:" + listening.getLocalPort(), null)).status()).isEqualTo(HealthStatus.PASSING);
    }
  }

  @Test
  void tcpIsCriticalWhenRefused() throws Exception {
    String target = "127.0.0.1:" + closedPort();
    CheckState state = run(tcp(target, Duration.ofSeconds(2)));
    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).startsWith("TCP connect " + target + ": ").containsIgnoringCase("refused");
  }

  @Test
  void tcpToAnUnknownHostIsCritical() throws Exception {
    CheckState state = run(tcp("no-such-host.invalid:80", Duration.ofSeconds(5)));
    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).startsWith("TCP connect no-such-host.invalid:80: ");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A key pair and self-signed certificate made by the JDK's keytool. */
  private static SSLContext selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("keys.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "probe", "-keyalg", "EC",
        "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    try (InputStream out = p.getInputStream()) {
      out.readAllBytes();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    return ssl;
  }
}
