package dev.signpost.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The service's instances from DNS, for when Signpost's HTTP API is unreachable but its DNS answers: the RFC
 * 2782 SRV records of {@code _<service>._tcp.<domain>}, each target's address from an A (else AAAA) lookup.
 * Asks the one configured server through the JDK's own DNS provider for JNDI ({@code com.sun.jndi.dns}, with
 * its TCP retry of truncated answers), so the client needs no DNS library.
 *
 * <p>DNS has no instance ids, zones or checks: an instance's id is {@code target:port}; Signpost gives SRV
 * priority 1 to passing instances in the asker's zone, 2 to passing ones elsewhere and 3 to the rest, so
 * priority 1 is kept as "in the client's zone" and 3 as "not passing", and the client's tiers come out as the
 * server's.
 */
final class SrvResolver {

  private final String service;
  private final String name;
  private final Hashtable<String, String> env = new Hashtable<>();

  SrvResolver(InetSocketAddress server, String domain, String service, Duration timeout) {
    this.service = service;
    String d = domain.endsWith(".") ? domain : domain + ".";
    this.name = "_" + service.toLowerCase(Locale.ROOT) + "._tcp." + d;
    String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(Context.PROVIDER_URL, "dns://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
        + server.getPort());
    // One try per attempt of the client's own loop, which backs off between attempts.
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeout.toMillis())));
    env.put("com.sun.jndi.dns.timeout.retries", "1");
  }

  /** The name asked for, as {@code _web._tcp.service.local.}. */
  String name() {
    return name;
  }

  /**
   * The instances the SRV records name, with {@code clientZone} standing for priority 1; empty when the name
   * does not exist or has no SRV records.
   *
   * @throws IOException when the server does not answer, or answers something else than DNS data
   */
  List<ServiceInstance> resolve(String clientZone) throws IOException {
    DirContext context = null;
    try {
      context = new InitialDirContext(env);
      List<ServiceInstance> instances = new ArrayList<>();
      for (String srv : values(context, name, "SRV")) {
        // "priority weight port target"
        String[] parts = srv.trim().split("\\s+");
        if (parts.length != 4) {
          throw new IOException("SRV record of " + name + " is malformed: " + srv);
        }
        int priority = Integer.parseInt(parts[0]);
        int weight = Integer.parseInt(parts[1]);
        int port = Integer.parseInt(parts[2]);
        String target = parts[3];
        Optional<String> address = address(context, target);
        if (address.isEmpty()) {
          continue; // a target without an address cannot be called; the others still can
        }
        instances.add(new ServiceInstance(stripDot(target) + ":" + port, service, address.get(), port, List.of(),
            Map.of(), priority == 1 ? clientZone : "", weight, priority < 3));
      }
      return List.copyOf(instances);
    } catch (NameNotFoundException e) {
      return List.of();
    } catch (NamingException e) {
      throw new IOException("DNS lookup of " + name + " failed: " + e, e);
    } catch (NumberFormatException e) {
      throw new IOException("SRV record of " + name + " is malformed: " + e.getMessage(), e);
    } finally {
      if (context != null) {
        try {
          context.close();
        } catch (NamingException ignored) {
          // nothing held open between lookups
        }
      }
    }
  }

  /** The target's IPv4 address, else its IPv6 address. */
  private static Optional<String> address(DirContext context, String target) throws NamingException {
    for (String type : new String[] {"A", "AAAA"}) {
      try {
        List<String> found = values(context, target, type);
        if (!found.isEmpty()) {
          return Optional.of(found.get(0));
        }
      } catch (NameNotFoundException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static List<String> values(DirContext context, String name, String type) throws NamingException {
    Attributes attributes = context.getAttributes(name, new String[] {type});
    Attribute attribute = attributes.get(type);
    List<String> values = new ArrayList<>();
    if (attribute != null) {
      NamingEnumeration<?> all = attribute.getAll();
      while (all.hasMore()) {
        values.add(String.valueOf(all.next()));
      }
    }
    return values;
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
