package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.ServiceDiscovery;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private final ServiceDiscovery discovery = ServiceDiscovery.inMemory();
  private final AdminConfig config = new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "n1", 1 << 20);

  @AfterEach
  void close() {
    discovery.close();
  }

  @Test
  void portZeroBindsAnEphemeralPortThatAddressReports() {
    try (AdminServer server = AdminServer.start(discovery, config)) {
      assertThat(server.address().getPort()).isPositive();
      assertThat(server.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    }
  }

  @Test
  void bindFailureIsOneLineWithTheBindExceptionAsCause() {
    try (AdminServer first = AdminServer.start(discovery, config)) {
      int port = first.address().getPort();

      assertThatThrownBy(() -> AdminServer.start(discovery, config.withListen(InetAddress.getLoopbackAddress(), port)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen for HTTP on 127.0.0.1:" + port + ": ")
          .hasMessageNotContaining("\n")
          .hasCauseInstanceOf(BindException.class);
    }
  }

  @Test
  void closeStopsListeningAndMayBeCalledTwice() {
    AdminServer server = AdminServer.start(discovery, config);
    int port = server.address().getPort();

    server.close();
    server.close();

    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void configRejectsBadValuesAtOnce() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    assertThatThrownBy(() -> new AdminConfig(lo, 70000, "dc1", "n", 1)).hasMessageContaining("70000");
    assertThatThrownBy(() -> new AdminConfig(lo, 1, "dc 1", "n", 1)).hasMessageContaining("datacenter 'dc 1'");
    assertThatThrownBy(() -> new AdminConfig(lo, 1, "dc1", " ", 1)).hasMessageContaining("node name");
    assertThatThrownBy(() -> new AdminConfig(lo, 1, "dc1", "n", 0)).hasMessageContaining("body");
  }

  @Test
  void configRejectsBadLimitsNamingTheSetting() {
    assertThatThrownBy(() -> config.withLimits(Duration.ZERO, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP idle timeout must be positive, got PT0S");
    assertThatThrownBy(() -> config.withLimits(Duration.ofSeconds(1), Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP request timeout must be positive, got PT-1S");
    assertThatThrownBy(() -> config.withLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP connection limit must be at least 1, got 0");
    assertThatThrownBy(() -> config.withLimits(null, Duration.ofSeconds(1), 1)).hasMessage("HTTP idle timeout");
  }

  @Test
  void withLimitsChangesOnlyTheLimits() {
    AdminConfig limited = config.withLimits(Duration.ofSeconds(5), Duration.ofSeconds(2), 10);

    assertThat(limited.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limited.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limited.maxConnections()).isEqualTo(10);
    assertThat(limited.withListen(config.bindAddress(), 0)).isEqualTo(limited);
    assertThat(limited.nodeName()).isEqualTo(config.nodeName());
  }

  @Test
  void defaultsListenOnLoopbackPort8500InDc1WithOneMebibyteBodies() {
    AdminConfig defaults = AdminConfig.defaults();

    assertThat(defaults.bindAddress().isLoopbackAddress()).isTrue();
    assertThat(defaults.port()).isEqualTo(8500);
    assertThat(defaults.datacenter()).isEqualTo("dc1");
    assertThat(defaults.nodeName()).isNotBlank();
    assertThat(defaults.maxBodyBytes()).isEqualTo(1 << 20);
  }

  @Test
  void defaultLimitsAreAMinuteIdleTenSecondsPerRequestAnd1024Connections() {
    AdminConfig defaults = AdminConfig.defaults();

    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxConnections()).isEqualTo(1024);
  }
}
