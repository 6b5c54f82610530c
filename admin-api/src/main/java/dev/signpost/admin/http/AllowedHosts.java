package dev.signpost.admin.http;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} a request may name: the defence against DNS rebinding, where a web page's own host
 * name is made to resolve to 127.0.0.1 so that the visitor's browser sends it requests that carry the
 * page's name. On a loopback address only {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the
 * address the connection reached and the extra names are allowed, with any port; on another address
 * every host is allowed unless extra names are given, in which case the same rule applies.
 *
 * <p>Names compare case-insensitively and without a final dot; addresses compare by value
 * ({@code [0:0:0:0:0:0:0:1]} is {@code [::1]}). Immutable.
 */
public final class AllowedHosts {

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private final boolean enforced;
  private final Set<String> hosts;

  private AllowedHosts(boolean enforced, Set<String> hosts) {
    this.enforced = enforced;
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * The hosts a server bound to {@code bind} allows.
   *
   * @param extra more names (or addresses) to allow, each as {@link #normalize} takes it
   * @throws IllegalArgumentException naming an extra host that is neither a host name nor an address
   */
  public static AllowedHosts forListener(InetAddress bind, Collection<String> extra) {
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add("localhost");
    hosts.add("127.0.0.1");
    hosts.add("::1");
    if (!bind.isAnyLocalAddress()) {
      hosts.add(HostAddresses.text(bind));
    }
    for (String name : extra) {
      hosts.add(normalize(name));
    }
    return new AllowedHosts(bind.isLoopbackAddress() || !extra.isEmpty(), hosts);
  }

  /**
   * A host name or IP address (an IPv6 one with or without brackets) in the form hosts are compared in.
   *
   * @throws IllegalArgumentException when {@code host} is neither, or has a port
   */
  public static String normalize(String host) {
    String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
    boolean bracketed = h.startsWith("[") && h.endsWith("]");
    if (bracketed) {
      h = h.substring(1, h.length() - 1);
    }
    if ((NetUtil.isValidIpV4Address(h) && !bracketed) || NetUtil.isValidIpV6Address(h)) {
      return HostAddresses.text(NetUtil.createInetAddressFromIpAddressString(h));
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (bracketed || h.length() > 253 || !NAME.matcher(h).matches()) {
      throw new IllegalArgumentException("allowed host must be a host name or an IP address, without a port, got '"
          + host + "'");
    }
    return h;
  }

  /** False when every host is allowed: a server on a non-loopback address without extra names. */
  boolean enforced() {
    return enforced;
  }

  /**
   * Why a request naming {@code hostHeader} is refused, or empty when it is allowed.
   *
   * @param local the address the connection reached: always allowed, as an address cannot be rebound
   */
  Optional<String> refusal(String hostHeader, InetSocketAddress local) {
    if (!enforced) {
      return Optional.empty();
    }
    String host = hostOf(hostHeader);
    if (host != null && (hosts.contains(host)
        || (local.getAddress() != null && host.equals(HostAddresses.text(local.getAddress()))))) {
      return Optional.empty();
    }
    return Optional.of("Host '" + hostHeader + "' is not allowed: this API answers requests for localhost, "
        + "127.0.0.1, [::1], its own address and the names given with --http-allowed-host (a defence against "
        + "DNS rebinding)");
  }

  /** The host of a {@code Host} header ({@code name}, {@code name:port}, {@code [v6]:port}), or null. */
  private static String hostOf(String header) {
    String value = header.strip();
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = value.substring(0, close + 1);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
    } else {
      int colon = value.indexOf(':');
      if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
        return null; // an IPv6 address must be in brackets
      }
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
    }
    if (port != null && !PORT.matcher(port).matches()) {
      return null;
    }
    try {
      return normalize(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
