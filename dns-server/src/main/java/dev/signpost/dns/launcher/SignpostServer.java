package dev.signpost.dns.launcher;

import dev.signpost.admin.AdminConfig;
import dev.signpost.admin.AdminServer;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.storage.JournalStore;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.RegistryZoneHandler;
import dev.signpost.dns.transport.DnsServer;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneView;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One Signpost process: the store, the registry, the zone view, the DNS listener and the HTTP API,
 * wired together. Started by {@link Main}, and in-process by end-to-end tests.
 */
public final class SignpostServer implements AutoCloseable {

  private final ServiceDiscovery discovery;
  private final DnsServer dns;
  private final AdminServer admin;
  private final ZoneConfig zone;

  private SignpostServer(ServiceDiscovery discovery, DnsServer dns, AdminServer admin, ZoneConfig zone) {
    this.discovery = discovery;
    this.dns = dns;
    this.admin = admin;
    this.zone = zone;
  }

  /**
   * Opens the store (replaying it), then starts DNS, then HTTP; undoes what it started if a later step
   * fails.
   *
   * @throws RuntimeException with a one-line message when a port or the data dir cannot be used
   */
  static SignpostServer start(LauncherOptions options) {
    RegistryStore store = JournalStore.open(options.dataDir());
    ServiceDiscovery discovery = ServiceDiscovery.builder().store(store).defaultStrategy(options.strategy())
        .answerLimit(options.answerLimit()).serving(options.serving()).build();
    DnsServer dns = null;
    boolean started = false;
    try {
      ZoneConfig zone = new ZoneConfig(ZoneConfig.parseDomain(options.domain()), options.ttl(),
          nameServerAddress(options.dnsAddress()));
      RecordFactory records = new RecordFactory(zone);
      ZoneView view = new ZoneView(records, discovery::serving);
      discovery.addListener(view);
      RegistryZone registryZone = new RegistryZone(records, view, discovery);
      QueryPipeline pipeline = QueryPipeline.standard(new RegistryZoneHandler(registryZone, options.clientZones()));
      dns = DnsServer.start(options.dnsAddress(), options.dnsPort(), pipeline, DnsServer.DEFAULT_TCP_IDLE);
      AdminServer admin = AdminServer.start(discovery,
          AdminConfig.defaults().withListen(options.httpAddress(), options.httpPort()));
      started = true;
      return new SignpostServer(discovery, dns, admin, zone);
    } finally {
      // Whatever failed (Netty can throw checked exceptions unchecked), release what was opened: the
      // journal's thread would otherwise keep the process alive.
      if (!started) {
        if (dns != null) {
          dns.close();
        }
        discovery.close();
      }
    }
  }

  /** The address the apex NS names: the DNS address, or loopback when listening on every address. */
  private static InetAddress nameServerAddress(InetAddress dnsAddress) {
    if (!dnsAddress.isAnyLocalAddress()) {
      return dnsAddress;
    }
    try {
      return InetAddress.getByName(dnsAddress instanceof Inet6Address ? "::1" : "127.0.0.1");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public InetSocketAddress dnsAddress() {
    return dns.address();
  }

  public InetSocketAddress httpAddress() {
    return admin.address();
  }

  public ServiceDiscovery discovery() {
    return discovery;
  }

  public ZoneConfig zone() {
    return zone;
  }

  /** Stops accepting (HTTP, then DNS), then waits for the journal to be durable and closes it. */
  @Override
  public void close() {
    try {
      admin.close();
    } finally {
      try {
        dns.close();
      } finally {
        discovery.close();
      }
    }
  }
}
