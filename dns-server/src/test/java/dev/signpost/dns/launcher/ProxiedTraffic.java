package dev.signpost.dns.launcher;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Requests through a load balancer (HAProxy, nginx) to backends that answer their own names, and how long the
 * balancer took to follow a change in Signpost: the tests of {@code HaproxyIT} and {@code NginxIT} measure the
 * same things the same way, so the README can put their figures side by side.
 */
final class ProxiedTraffic {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI frontend;

  /** Traffic to the balancer listening on {@code 127.0.0.1:port}. */
  ProxiedTraffic(int port) {
    this.frontend = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Requests until every one of {@code wanted} has answered, or 30 s; who answered. */
  Set<String> servedBy(Set<String> wanted) {
    Set<String> seen = new HashSet<>();
    await().atMost(BOUND).pollInterval(POLL).until(() -> {
      get().ifPresent(seen::add);
      return seen.containsAll(wanted);
    });
    return seen;
  }

  /**
   * Requests until 30 in a row reached someone other than {@code gone}; how long after {@code since} (a
   * {@link System#nanoTime()}) that run began, the moment the balancer stopped sending {@code gone} traffic.
   */
  Duration absentAfter(String gone, long since) {
    AtomicInteger inARow = new AtomicInteger();
    AtomicLong runStart = new AtomicLong();
    await().atMost(BOUND).pollInterval(POLL).until(() -> {
      long now = System.nanoTime();
      Optional<String> who = get();
      if (who.isPresent() && !who.get().equals(gone)) {
        if (inARow.getAndIncrement() == 0) {
          runStart.set(now);
        }
      } else {
        inARow.set(0);
      }
      return inARow.get() >= 30;
    });
    return Duration.ofNanos(Math.max(0, runStart.get() - since));
  }

  /** Requests until {@code wanted} answers one; how long after {@code since} (a {@link System#nanoTime()}). */
  Duration servedAfter(String wanted, long since) {
    await().atMost(BOUND).pollInterval(POLL).until(() -> get().filter(wanted::equals).isPresent());
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private Optional<String> get() throws InterruptedException {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(frontend).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the balancer still starting, or no server resolved yet
    }
  }

  /** A backend on {@code address} that answers every request with {@code name}. */
  static HttpServer backend(InetSocketAddress address, String name) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    byte[] body = name.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** A port nothing listens on at {@code address} just now. */
  static int freePort(InetAddress address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, address)) {
      return socket.getLocalPort();
    }
  }

  /** The executable {@code name} on the PATH or in /usr/sbin or /sbin, where Debian puts daemons. */
  static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Stream.of(path.split(":")).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }
}
