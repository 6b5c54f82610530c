package dev.signpost.core.health;

import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which addresses health checks may reach, so that a check stays a health check and never becomes a way
 * to make Signpost fetch what its clients cannot (cloud metadata, its own API, internal networks).
 *
 * <p>An address is allowed when it is in the allow list ({@code --check-allow}; an empty list allows every
 * range) and not in the deny list ({@code --check-deny}). Whatever the lists say, these are always denied:
 * link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}: where clouds serve instance metadata
 * and credentials), the unspecified addresses ({@code 0.0.0.0/8}, {@code ::}, which reach this host), and
 * Signpost's own HTTP API: its address and port, or, when it listens on a wildcard address, the API's port
 * on any loopback or local-interface address. IPv4-mapped IPv6 forms ({@code ::ffff:169.254.169.254}) are
 * judged as the IPv4 address they carry.
 *
 * <p>Probes call {@link #admit} on the address they resolved, and connect to exactly that address. A
 * registration calls {@link #requireAllowedLiteral}, which refuses a literal IP target at once; a host name
 * is judged at every probe, when it resolves.
 *
 * <p>The API's address is told after the API binds ({@link #apiListensOn}), since with port 0 the port is
 * known only then. Before that, nothing listens on the API's port, so no check can reach the API either.
 *
 * <p>Thread-safe.
 */
public final class CheckTargets {

  private static final List<Cidr> LINK_LOCAL = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"));
  private static final List<Cidr> UNSPECIFIED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("::/128"));

  private final List<Cidr> allow;
  private final List<Cidr> deny;
  private volatile InetSocketAddress api;
  private final LongAdder denied = new LongAdder();

  private CheckTargets(List<Cidr> allow, List<Cidr> deny) {
    this.allow = List.copyOf(allow);
    this.deny = List.copyOf(deny);
  }

  /** Only the ranges always denied. */
  public static CheckTargets standard() {
    return new CheckTargets(List.of(), List.of());
  }

  /**
   * @param allow the ranges checks may reach; empty for every range
   * @param deny ranges checks may not reach, within those
   */
  public static CheckTargets of(List<Cidr> allow, List<Cidr> deny) {
    return new CheckTargets(Objects.requireNonNull(allow, "allow"), Objects.requireNonNull(deny, "deny"));
  }

  /** Tells where Signpost's HTTP API listens (its bound address and port); checks may not reach it. */
  public void apiListensOn(InetSocketAddress address) {
    this.api = Objects.requireNonNull(address, "address");
  }

  /** Why {@code target} may not be reached, or empty when it may. */
  public Optional<String> whyDenied(InetSocketAddress target) {
    InetAddress ip = Addresses.unmapped(target.getAddress());
    if (in(LINK_LOCAL, ip)) {
      return Optional.of("link-local");
    }
    if (in(UNSPECIFIED, ip)) {
      return Optional.of("unspecified address");
    }
    if (isApi(ip, target.getPort())) {
      return Optional.of("Signpost's own HTTP API");
    }
    if (!allow.isEmpty() && !in(allow, ip)) {
      return Optional.of("not in --check-allow");
    }
    for (Cidr c : deny) {
      if (c.contains(ip)) {
        return Optional.of("in --check-deny " + c);
      }
    }
    return Optional.empty();
  }

  /**
   * Lets a probe connect to {@code target}, or refuses it, counting the refusal.
   *
   * @throws DeniedTargetException saying which address and why
   */
  void admit(InetSocketAddress target) throws DeniedTargetException {
    Optional<String> why = whyDenied(target);
    if (why.isPresent()) {
      denied.increment();
      throw new DeniedTargetException(describe(target) + " is not allowed for health checks (" + why.get() + ")");
    }
  }

  /** Probes refused by this policy since start. */
  public long denied() {
    return denied.sum();
  }

  /**
   * Refuses a check whose target is a literal IP address that may not be reached; a host name passes, and
   * is judged at each probe.
   *
   * @throws IllegalArgumentException naming the field ({@code Check.HTTP}, {@code Check.TCP}) and why
   */
  public void requireAllowedLiteral(CheckSpec check) {
    String field;
    String host;
    int port;
    switch (check.kind()) {
      case HTTP -> {
        URI uri = URI.create(check.http());
        field = "Check.HTTP";
        host = uri.getHost();
        port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
      }
      case TCP -> {
        Addresses.HostPort target = Addresses.requireHostPort("Check.TCP", check.tcp());
        field = "Check.TCP";
        host = target.host();
        port = target.port();
      }
      default -> {
        return;
      }
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Optional<InetAddress> ip = Addresses.ip(bare);
    if (ip.isEmpty()) {
      return;
    }
    InetSocketAddress target = new InetSocketAddress(ip.get(), port);
    whyDenied(target).ifPresent(why -> {
      throw new IllegalArgumentException(field + ": " + describe(target) + " is not allowed for health checks ("
          + why + ")");
    });
  }

  private boolean isApi(InetAddress ip, int port) {
    InetSocketAddress a = api;
    if (a == null || a.getPort() != port) {
      return false;
    }
    InetAddress listening = Addresses.unmapped(a.getAddress());
    if (!listening.isAnyLocalAddress()) {
      return listening.equals(ip);
    }
    if (ip.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(ip) != null;
    } catch (SocketException e) {
      return true; // cannot tell whether it is this host: refuse rather than risk reaching the API
    }
  }

  private static boolean in(List<Cidr> ranges, InetAddress ip) {
    for (Cidr c : ranges) {
      if (c.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /** {@code target 1.2.3.4:80}, {@code target [::1]:80}. */
  private static String describe(InetSocketAddress target) {
    return "target " + Addresses.hostPort(Addresses.unmapped(target.getAddress()).getHostAddress(), target.getPort());
  }

  /** A probe refused by the policy: no connection was made. */
  public static final class DeniedTargetException extends IOException {
    private static final long serialVersionUID = 1L;

    DeniedTargetException(String message) {
      super(message);
    }
  }
}
