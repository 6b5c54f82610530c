package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import dev.signpost.dns.transport.IoTransport;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The real server started with {@code --io io_uring} on ephemeral loopback ports: registered over HTTP, resolved
 * over UDP and TCP, and forwarding through io_uring client channels (UDP, then TCP for a truncated answer) to an
 * upstream that is itself on io_uring. Skipped where io_uring cannot run.
 */
class IoUringEndToEndTest {

  /** More A records than fit the forwarder's 1232-byte EDNS payload: the upstream truncates, the forwarder uses TCP. */
  private static final int LARGE = 100;

  @TempDir
  static Path dir;

  static SignpostServer upstream;
  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable here: " + IoUring.unavailabilityCause());
    upstream = TestClients.startServer(Files.createDirectories(dir.resolve("upstream")), "--io", "io_uring",
        "--domain", "example.test");
    register(upstream.httpAddress(), """
        {"ID": "www-1", "Name": "www", "Address": "192.0.2.80", "Port": 80}""");
    for (int i = 0; i < LARGE; i++) {
      upstream.discovery().register(Instance.of("big-" + i, "big", "192.0.2." + (i + 1), 80, List.of()))
          .toCompletableFuture().join();
    }
    server = TestClients.startServer(Files.createDirectories(dir.resolve("main")), "--io", "io_uring",
        "--upstream", TestClients.hostPort(upstream.dnsAddress()));
    dns = server.dnsAddress();
    api = server.httpAddress();
    register(api, """
        {"ID": "user-1", "Name": "user-service", "Address": "10.0.0.1", "Port": 8080}""");
    register(api, """
        {"ID": "user-2", "Name": "user-service", "Address": "10.0.0.2", "Port": 8081}""");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private static List<String> answer(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
  }

  @Test
  void theServerRunsOnIoUringBecauseItWasAskedFor() {
    assertThat(server.io().transport()).isEqualTo(IoTransport.IO_URING);
    assertThat(server.io().describe()).isEqualTo("io_uring (asked for with --io io_uring)");
  }

  @ParameterizedTest(name = "over TCP: {0}")
  @ValueSource(booleans = {false, true})
  void aRegisteredServiceResolvesAsA(boolean tcp) throws Exception {
    Message a = query(dns, tcp, "user-service.service.local.", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answer(a)).containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void manyQueriesOverUdpAreAllAnswered() throws Exception {
    // Several sockets share the port (SO_REUSEPORT), one per event loop: every one of them must answer.
    for (int i = 0; i < 50; i++) {
      assertThat(answer(query(dns, false, "user-service.service.local.", Type.A))).hasSize(2);
    }
  }

  @ParameterizedTest(name = "over TCP: {0}")
  @ValueSource(booleans = {false, true})
  void foreignNamesAreForwardedOverIoUringClientChannels(boolean tcp) throws Exception {
    Message forwarded = query(dns, tcp, "www.example.test.", Type.A);
    assertThat(forwarded.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer(forwarded)).containsExactly("192.0.2.80");
  }

  @Test
  void aTruncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
    double before = upstreamTcpQueries();
    Message big = query(dns, true, "big.example.test.", Type.A);
    assertThat(big.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(big.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(big.getSection(Section.ANSWER)).hasSize(LARGE);
    assertThat(upstreamTcpQueries()).isGreaterThan(before);
  }

  @Test
  void metricsNameTheTransportAndWhy() throws Exception {
    String scrape = http(api, "GET", "/metrics", null).body();
    assertThat(scrape.lines().filter(l -> l.startsWith("signpost_dns_transport{")))
        .singleElement().satisfies(line -> assertThat(line)
            .contains("io=\"io_uring\"").contains("requested=\"io_uring\"")
            .contains("reason=\"asked for with --io io_uring\"").endsWith(" 1.0"));
  }

  /** Queries the upstream answered over TCP: the forwarder's retries of truncated answers. */
  private static double upstreamTcpQueries() throws Exception {
    return http(upstream.httpAddress(), "GET", "/metrics", null).body().lines()
        .filter(l -> l.startsWith("signpost_dns_queries_total{") && l.contains("transport=\"tcp\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
