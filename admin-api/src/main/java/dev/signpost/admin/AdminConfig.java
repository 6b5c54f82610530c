package dev.signpost.admin;

import dev.signpost.admin.http.AllowedHosts;
import dev.signpost.admin.tls.TlsFiles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the admin HTTP server; the constructor rejects bad values at once.
 *
 * @param bindAddress where to listen ({@code 127.0.0.1} by default, like a Consul agent's HTTP API)
 * @param port the TCP port; 0 picks a free one ({@link AdminServer#address()} tells which)
 * @param datacenter the datacenter name reported in every answer, as Consul's {@code dc1}
 * @param nodeName the node that every instance appears on
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 and the connection is closed
 * @param idleTimeout how long a connection may stay open with no request in progress (a blocking query
 *     waiting for its answer is in progress)
 * @param requestTimeout how long a request's headers and body may take to arrive, from its first byte
 * @param maxConnections how many connections may be open at once; more are answered 503 and closed
 * @param tls when present, the API speaks HTTPS only, with these files' certificate and key
 * @param allowedHosts host names (or addresses) that requests' {@code Host} may name besides the loopback
 *     ones and the listen address; on a loopback address, or when any are given, other hosts get 403
 */
public record AdminConfig(InetAddress bindAddress, int port, String datacenter, String nodeName, int maxBodyBytes,
    Duration idleTimeout, Duration requestTimeout, int maxConnections, Optional<TlsFiles> tls,
    List<String> allowedHosts) {

  public static final int DEFAULT_PORT = 8500;
  public static final String DEFAULT_DATACENTER = "dc1";
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public AdminConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP port must be between 0 and 65535, got " + port);
    }
    if (datacenter == null || !DATACENTER.matcher(datacenter).matches()) {
      throw new IllegalArgumentException(
          "datacenter '" + datacenter + "' must be 1 to 64 letters, digits, '_' or '-'");
    }
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("node name is missing");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maximum body size must be at least 1 byte, got " + maxBodyBytes);
    }
    requirePositive("HTTP idle timeout", idleTimeout);
    requirePositive("HTTP request timeout", requestTimeout);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("HTTP connection limit must be at least 1, got " + maxConnections);
    }
    Objects.requireNonNull(tls, "tls");
    allowedHosts = List.copyOf(allowedHosts);
    allowedHosts.forEach(AllowedHosts::normalize);
  }

  /** These settings with the default HTTP limits (timeouts and connection cap), plain HTTP, no extra hosts. */
  public AdminConfig(InetAddress bindAddress, int port, String datacenter, String nodeName, int maxBodyBytes) {
    this(bindAddress, port, datacenter, nodeName, maxBodyBytes, DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS, Optional.empty(), List.of());
  }

  /**
   * 127.0.0.1:8500, datacenter {@code dc1}, this host's name as the node name, 1 MiB bodies, connections
   * closed after 60 s idle, 10 s for a request to arrive, at most 1,024 connections, plain HTTP, requests
   * for loopback hosts only.
   */
  public static AdminConfig defaults() {
    return new AdminConfig(InetAddress.getLoopbackAddress(), DEFAULT_PORT, DEFAULT_DATACENTER, localHostName(),
        DEFAULT_MAX_BODY_BYTES);
  }

  /** These settings listening on another address and port. */
  public AdminConfig withListen(InetAddress address, int newPort) {
    return new AdminConfig(address, newPort, datacenter, nodeName, maxBodyBytes, idleTimeout, requestTimeout,
        maxConnections, tls, allowedHosts);
  }

  /** These settings naming the node and its datacenter otherwise ({@code --node-name}, {@code --datacenter}). */
  public AdminConfig withNode(String newNodeName, String newDatacenter) {
    return new AdminConfig(bindAddress, port, newDatacenter, newNodeName, maxBodyBytes, idleTimeout, requestTimeout,
        maxConnections, tls, allowedHosts);
  }

  /** These settings with other connection limits; see the record's parameters for their meaning. */
  public AdminConfig withLimits(Duration newIdleTimeout, Duration newRequestTimeout, int newMaxConnections) {
    return new AdminConfig(bindAddress, port, datacenter, nodeName, maxBodyBytes, newIdleTimeout,
        newRequestTimeout, newMaxConnections, tls, allowedHosts);
  }

  /** These settings serving HTTPS with these files, or plain HTTP when empty. */
  public AdminConfig withTls(Optional<TlsFiles> newTls) {
    return new AdminConfig(bindAddress, port, datacenter, nodeName, maxBodyBytes, idleTimeout, requestTimeout,
        maxConnections, newTls, allowedHosts);
  }

  /** These settings allowing requests for these hosts too; see the record's parameters. */
  public AdminConfig withAllowedHosts(List<String> newAllowedHosts) {
    return new AdminConfig(bindAddress, port, datacenter, nodeName, maxBodyBytes, idleTimeout, requestTimeout,
        maxConnections, tls, newAllowedHosts);
  }

  private static void requirePositive(String setting, Duration value) {
    Objects.requireNonNull(value, setting);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, got " + value);
    }
  }

  private static String localHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "signpost" : name;
    } catch (UnknownHostException e) {
      return "signpost";
    }
  }
}
