package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy 2.6 (Debian's {@code haproxy}) finding its servers through Signpost's SRV answers, with its default
 * resolver options: {@code server-template} over {@code _web._tcp.<domain>}, three instances on one address
 * with different ports. HAProxy pairs each SRV record with one address record of the additional section, so
 * when instances shared one target the third got no address; with a target per instance all three take
 * traffic, and a deregistered one leaves the rotation.
 */
class HaproxyIT {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  private final List<HttpServer> backends = new ArrayList<>();
  private SignpostServer signpost;
  private Process haproxy;

  @AfterEach
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor();
    }
    backends.forEach(b -> b.stop(0));
    if (signpost != null) {
      signpost.close();
    }
  }

  @Test
  void haproxyBalancesOverThreeInstancesOnOneAddressAndDropsOneDeregistered() throws Exception {
    Optional<Path> binary = haproxyBinary();
    assumeTrue(binary.isPresent(), "haproxy is not installed (apt-get install haproxy)");
    signpost = TestClients.startServer(Files.createDirectories(dir.resolve("data")));
    for (int i = 1; i <= 3; i++) {
      HttpServer backend = backend("web-" + i);
      backends.add(backend);
      register(signpost.httpAddress(), "{\"ID\": \"web-" + i + "\", \"Name\": \"web\", \"Address\": \"127.0.0.1\","
          + " \"Port\": " + backend.getAddress().getPort() + "}");
    }
    int frontend = freePort();
    haproxy = startHaproxy(binary.get(), frontend);

    assertThat(servedBy(frontend, Set.of("web-1", "web-2", "web-3"))).as("instances HAProxy sent traffic to")
        .containsExactlyInAnyOrder("web-1", "web-2", "web-3");

    assertThat(http(signpost.httpAddress(), "PUT", "/v1/agent/service/deregister/web-2", null).statusCode())
        .isEqualTo(200);
    assertThat(untilAbsent(frontend, "web-2")).as("web-2 left HAProxy's rotation").isTrue();
  }

  /** Requests through HAProxy until every one of {@code wanted} has answered, or the bound; who answered. */
  private static Set<String> servedBy(int frontend, Set<String> wanted) throws InterruptedException {
    Set<String> seen = new HashSet<>();
    long end = System.nanoTime() + BOUND.toNanos();
    while (!seen.containsAll(wanted) && System.nanoTime() < end) {
      get(frontend).ifPresent(seen::add);
      Thread.sleep(20);
    }
    return seen;
  }

  /** Whether 30 requests in a row, within the bound, reached someone other than {@code gone}. */
  private static boolean untilAbsent(int frontend, String gone) throws InterruptedException {
    long end = System.nanoTime() + BOUND.toNanos();
    int inARow = 0;
    while (inARow < 30 && System.nanoTime() < end) {
      Optional<String> who = get(frontend);
      inARow = who.isPresent() && !who.get().equals(gone) ? inARow + 1 : 0;
      Thread.sleep(20);
    }
    return inARow >= 30;
  }

  private static Optional<String> get(int frontend) throws InterruptedException {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // HAProxy still starting, or no server resolved yet
    }
  }

  private Process startHaproxy(Path binary, int frontend) throws IOException {
    InetSocketAddress dns = signpost.dnsAddress();
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, """
        global
          log stderr format raw local0 warning
        resolvers signpost
          nameserver signpost %s:%d
          accepted_payload_size 1232
          hold valid 1s
          timeout resolve 200ms
          timeout retry 200ms
        defaults
          mode http
          timeout connect 2s
          timeout client 5s
          timeout server 5s
        frontend web
          bind 127.0.0.1:%d
          default_backend web
        backend web
          balance roundrobin
          server-template web 5 _web._tcp.service.local resolvers signpost init-addr none
        """.formatted(dns.getAddress().getHostAddress(), dns.getPort(), frontend), StandardCharsets.UTF_8);
    return new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
  }

  private static HttpServer backend(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = name.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Optional<Path> haproxyBinary() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Stream.of(path.split(":")).map(d -> Path.of(d, "haproxy")).filter(Files::isExecutable).findFirst();
  }
}
