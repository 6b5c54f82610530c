package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 with the packaged jar: health checks stay health checks. Checks to the API's own address, to a
 * denied range or to the metadata address are refused at registration; a redirect chain that ends at a
 * denied address is followed up to it and no further, counted in /metrics; DisableRedirects stops at the
 * first answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckTargetsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dataDir;

  private HttpServer web;
  private ServerSocket denied;
  private final AtomicInteger okHits = new AtomicInteger();

  @AfterEach
  void stop() throws Exception {
    if (web != null) {
      web.stop(0);
    }
    if (denied != null) {
      denied.close();
    }
  }

  /** On 127.0.0.1: /a redirects to /b, which redirects to {@code deniedUrl}; /ok1 to /ok2, which answers 200. */
  private String startWeb(String deniedUrl) throws Exception {
    web = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    web.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String to = switch (path) {
        case "/a" -> "/b";
        case "/b" -> deniedUrl;
        case "/ok1" -> "/ok2";
        default -> null;
      };
      if (to != null) {
        exchange.getResponseHeaders().add("Location", to);
        exchange.sendResponseHeaders(302, -1);
      } else {
        okHits.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    web.start();
    return "http://127.0.0.1:" + web.getAddress().getPort();
  }

  private static HttpResponse<String> register(InetSocketAddress api, String check) throws Exception {
    return TestClients.http(api, "PUT", "/v1/agent/service/register",
        "{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"127.0.0.1\",\"Port\":80,\"Checks\":[" + check + "]}");
  }

  /** Waits for a check's first result: its output leaves the empty initial state. */
  private static JsonNode checkOnceRun(InetSocketAddress api, String checkId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonNode check = JSON.readTree(TestClients.http(api, "GET", "/v1/agent/checks", null).body()).get(checkId);
      if (check != null && !check.get("Output").asText().isEmpty()) {
        return check;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("check " + checkId + " never ran");
  }

  @Test
  void checksThatWouldReachForbiddenTargetsAreRefusedOrFailWithoutConnecting() throws Exception {
    denied = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
    String deniedUrl = "http://127.0.0.2:" + denied.getLocalPort() + "/secret";
    String base = startWeb(deniedUrl);
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--check-deny", "127.0.0.2/32")) {
      InetSocketAddress api = server.api;

      HttpResponse<String> self = register(api, "{\"CheckID\":\"self\",\"TCP\":\"127.0.0.1:" + api.getPort()
          + "\",\"Interval\":\"1s\"}");
      assertThat(self.statusCode()).isEqualTo(400);
      assertThat(self.body()).isEqualTo("check 'self': Check.TCP: target 127.0.0.1:" + api.getPort()
          + " is not allowed for health checks (Signpost's own HTTP API)");
      HttpResponse<String> metadata = register(api,
          "{\"CheckID\":\"meta\",\"HTTP\":\"http://169.254.169.254/latest/meta-data/\",\"Interval\":\"1s\"}");
      assertThat(metadata.statusCode()).isEqualTo(400);
      assertThat(metadata.body()).endsWith("(link-local)");
      HttpResponse<String> deniedRange = register(api, "{\"CheckID\":\"d\",\"HTTP\":\"" + deniedUrl
          + "\",\"Interval\":\"1s\"}");
      assertThat(deniedRange.statusCode()).isEqualTo(400);
      assertThat(deniedRange.body()).endsWith("(in --check-deny 127.0.0.2/32)");

      assertThat(register(api, "{\"CheckID\":\"chain\",\"HTTP\":\"" + base + "/a\",\"Interval\":\"1s\"},"
          + "{\"CheckID\":\"ok\",\"HTTP\":\"" + base + "/ok1\",\"Interval\":\"1s\"},"
          + "{\"CheckID\":\"kept\",\"HTTP\":\"" + base + "/ok1\",\"Interval\":\"1s\",\"DisableRedirects\":true}")
          .statusCode()).isEqualTo(200);

      JsonNode chain = checkOnceRun(api, "chain");
      assertThat(chain.get("Status").asText()).isEqualTo("critical");
      assertThat(chain.get("Output").asText()).isEqualTo("HTTP GET " + base + "/a: target 127.0.0.2:"
          + denied.getLocalPort() + " is not allowed for health checks (in --check-deny 127.0.0.2/32)");
      JsonNode ok = checkOnceRun(api, "ok");
      assertThat(ok.get("Status").asText()).isEqualTo("passing");
      JsonNode kept = checkOnceRun(api, "kept");
      assertThat(kept.get("Status").asText()).isEqualTo("critical");
      assertThat(kept.get("Output").asText()).isEqualTo("HTTP GET " + base + "/ok1: 302 Found Output: ");
      assertThat(kept.at("/Definition/DisableRedirects").asBoolean()).isTrue();

      String metrics = TestClients.http(api, "GET", "/metrics", null).body();
      assertThat(metrics).containsPattern("(?m)^signpost_health_probes_denied_total [1-9]");
    }
    denied.setSoTimeout(200);
    try {
      denied.accept().close();
      throw new AssertionError("the denied address saw a connection");
    } catch (SocketTimeoutException expected) {
      // nothing ever connected to 127.0.0.2
    }
  }
}
