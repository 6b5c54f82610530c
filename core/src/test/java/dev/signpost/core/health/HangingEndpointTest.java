package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 over real loopback sockets, with the real scheduler and probes: 200 checks against an endpoint
 * that accepts and never answers do not keep a healthy endpoint's change out of DNS.
 */
class HangingEndpointTest {

  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final int THRESHOLD = 2;
  /** Interval x threshold + 1 s: when a change must show, whatever the hung checks do. */
  private static final Duration BOUND = INTERVAL.multipliedBy(THRESHOLD).plusSeconds(1);

  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private ServerSocket silent;
  private HttpServer healthy;
  private ServiceDiscovery discovery;

  @AfterEach
  void stop() throws IOException {
    if (discovery != null) {
      discovery.close();
    }
    if (healthy != null) {
      healthy.stop(0);
    }
    if (silent != null) {
      silent.close();
    }
    for (Socket s : accepted) {
      s.close();
    }
  }

  /** Accepts (at most 10,000 connections, until closed) and never reads or answers. */
  private String hangingEndpoint() throws IOException {
    silent = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      for (int i = 0; i < 10_000 && !silent.isClosed(); i++) {
        try {
          accepted.add(silent.accept());
        } catch (IOException closed) {
          return;
        }
      }
    }, "hanging-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + silent.getLocalPort() + "/health";
  }

  private String healthyEndpoint(AtomicInteger status) throws IOException {
    healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    healthy.createContext("/health", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    healthy.start();
    return "http://127.0.0.1:" + healthy.getAddress().getPort() + "/health";
  }

  private static CheckSpec check(String url, Duration timeout) {
    return new CheckSpec("", "", "", url, "", Map.of(), false, "", null, INTERVAL, timeout, null, THRESHOLD, 0,
        THRESHOLD, null);
  }

  private void register(String id, String service, CheckSpec check) {
    discovery.register(Instance.of(id, service, "127.0.0.1", 80, List.of()).withChecks(List.of(check)))
        .toCompletableFuture().join();
  }

  private boolean served() {
    return !discovery.serving("ok").instances().isEmpty();
  }

  @Test
  void aHealthyInstancesChangesReachDnsWithinItsThresholdWhile200ChecksHang() throws IOException {
    AtomicInteger status = new AtomicInteger(200);
    String hanging = hangingEndpoint();
    String fine = healthyEndpoint(status);
    discovery = ServiceDiscovery.inMemory();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      register("hung-" + i, "hung", check(hanging, Duration.ofSeconds(1)));
    }
    register("ok-1", "ok", check(fine, Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(this::served);
    // Every hung check has timed out at least once: the slots of the hanging host are taken for good.
    await().atMost(Duration.ofSeconds(10)).until(() -> discovery.find("hung").stream()
        .allMatch(i -> i.checks().stream().allMatch(c -> i.checkState(c.checkId()).orElseThrow().output()
            .contains("timed out after 1s"))));

    for (int round = 0; round < 2; round++) {
      status.set(503);
      await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> !served());
      assertThat(discovery.instance("ok-1").orElseThrow().status()).isEqualTo(HealthStatus.CRITICAL);
      status.set(200);
      await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(this::served);
    }
    // At most 8 probes to the hanging host at a time, each holding its slot for up to its 1 s timeout (twice
    // that, for slack); without the limit, 200 checks would open about 170 connections a second.
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;
    assertThat(accepted.size()).as("connections opened to the hanging host in %d s", seconds)
        .isLessThanOrEqualTo(2 * ProbeLimits.DEFAULT.perTarget() * (int) seconds);
  }
}
