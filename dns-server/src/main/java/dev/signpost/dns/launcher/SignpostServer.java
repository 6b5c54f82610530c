package dev.signpost.dns.launcher;

import dev.signpost.admin.AclConfig;
import dev.signpost.admin.AdminConfig;
import dev.signpost.admin.AdminServer;
import dev.signpost.admin.DnsSettings;
import dev.signpost.admin.EventStreams;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.SignpostVersion;
import dev.signpost.core.cluster.CheckPlacement;
import dev.signpost.core.events.EventHistory;
import dev.signpost.core.health.CheckTargets;
import dev.signpost.core.storage.JournalStore;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.forward.ForwardHandler;
import dev.signpost.dns.forward.Forwarder;
import dev.signpost.dns.forward.RecursionPolicy;
import dev.signpost.dns.forward.UpstreamClient;
import dev.signpost.dns.handlers.RegistryZoneHandler;
import dev.signpost.dns.handlers.StaticZoneHandler;
import dev.signpost.dns.handlers.TransferHandler;
import dev.signpost.dns.metrics.CheckMeters;
import dev.signpost.dns.metrics.ClusterMeters;
import dev.signpost.dns.metrics.PassiveMeters;
import dev.signpost.dns.metrics.QueryMetrics;
import dev.signpost.dns.metrics.RegistryMeters;
import dev.signpost.dns.metrics.StoreMeters;
import dev.signpost.dns.metrics.TransferMeters;
import dev.signpost.dns.notify.Notifier;
import dev.signpost.dns.notify.ZoneFollower;
import dev.signpost.dns.transport.DnsServer;
import dev.signpost.dns.transport.TransportChoice;
import dev.signpost.dns.transport.TransportMeters;
import dev.signpost.dns.tsig.TsigKeys;
import dev.signpost.zones.NodeTable;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneContents;
import dev.signpost.zones.ZoneHistory;
import dev.signpost.zones.ZoneView;
import dev.signpost.zones.files.StaticZones;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One Signpost process: the store, the registry, the zone view, the DNS listener and the HTTP API,
 * wired together. Started by {@link Main}, and in-process by end-to-end tests.
 */
public final class SignpostServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(SignpostServer.class.getName());

  private final ServiceDiscovery discovery;
  private final DnsServer dns;
  private final AdminServer admin;
  private final ZoneConfig zone;
  private final Optional<StaticZones> staticZones;
  private final Optional<Forwarder> forwarder;
  private final Optional<ClusterNode> cluster;
  private final TransportChoice io;
  private final EventHistory events;
  private final LauncherOptions options;
  private final Optional<Notifier> notifier;

  private SignpostServer(ServiceDiscovery discovery, DnsServer dns, AdminServer admin, ZoneConfig zone,
      Optional<StaticZones> staticZones, Optional<Forwarder> forwarder, Optional<ClusterNode> cluster,
      TransportChoice io, EventHistory events, LauncherOptions options, Optional<Notifier> notifier) {
    this.notifier = notifier;
    this.events = events;
    this.options = options;
    this.cluster = cluster;
    this.io = io;
    this.discovery = discovery;
    this.dns = dns;
    this.admin = admin;
    this.zone = zone;
    this.staticZones = staticZones;
    this.forwarder = forwarder;
  }

  /**
   * Opens the store (replaying it), then starts DNS, then HTTP; undoes what it started if a later step
   * fails.
   *
   * @throws RuntimeException with a one-line message when a port or the data dir cannot be used
   * @throws IllegalArgumentException with a one-line message when {@code --io} names a transport this host cannot
   *     run: known before anything is opened
   */
  static SignpostServer start(LauncherOptions options) {
    TransportChoice io = TransportChoice.resolve(options.io());
    // First: the store and the health engine report to meters from their first commit and probe.
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Optional<ClusterNode> cluster = options.cluster().enabled()
        ? Optional.of(ClusterNode.connect(options.cluster(), options.dataDir(), StoreMeters.commits("etcd", meters)))
        : Optional.empty();
    RegistryStore store = cluster.isPresent() ? cluster.get().store()
        : JournalStore.open(options.dataDir(), options.journalRepair(), StoreMeters.commits("journal", meters));
    CheckTargets checkTargets = CheckTargets.of(options.checkAllow(), options.checkDeny());
    if (options.httpPort() != 0) {
      // Known before the journal's checks start; with port 0 nothing can be reached on the API's port
      // until it binds, and the bound address is told right after (below).
      checkTargets.apiListensOn(new InetSocketAddress(options.httpAddress(), options.httpPort()));
    }
    ServiceDiscovery.Builder building = ServiceDiscovery.builder().store(store).defaultStrategy(options.strategy())
        .answerLimit(options.answerLimit()).healthFilter(options.healthFilter()).probeLimits(options.probes())
        .checkTargets(checkTargets).checkObserver(CheckMeters.observer(meters)).passiveHealth(options.passive());
    cluster.ifPresent(node -> building.placement(CheckPlacement.of(node.membership()))
        .heartbeatRelay(node.heartbeats()).outcomeRelay(node.outcomes()));
    ServiceDiscovery discovery;
    try {
      discovery = building.build();
    } catch (RuntimeException e) {
      cluster.ifPresent(ClusterNode::close);
      throw e;
    }
    DnsServer dns = null;
    Optional<Forwarder> forwarder = Optional.empty();
    EventHistory events = null;
    Optional<Notifier> notifier = Optional.empty();
    boolean started = false;
    try {
      // First: every change from now on is in the history, and in its one log line.
      events = EventHistory.open(options.dataDir(), options.events().history(), options.healthFilter(),
          discovery.time());
      discovery.addListener(events);
      InetAddress advertised = options.advertiseAddress().orElseGet(() ->
          NodeDirectory.selfAddress(options.dnsAddress(), options.httpAddress(), NodeDirectory::firstInterfaceAddress));
      ZoneConfig zone = new ZoneConfig(ZoneConfig.parseDomain(options.domain()), options.ttl(), advertised,
          options.cluster().datacenter());
      RecordFactory records = new RecordFactory(zone);
      ZoneView view = new ZoneView(records, discovery::serving);
      discovery.addListener(view);
      NodeTable nodes = NodeDirectory.table(options.cluster().nodeName(), options.cluster().datacenter(), advertised,
          cluster.map(ClusterNode::membership));
      NodeDirectory.followCatalog(nodes, discovery);
      RegistryZone registryZone = new RegistryZone(records, view, discovery, nodes);

      RegistryMeters.bind(discovery, cluster.isPresent() ? "etcd" : "embedded", meters);
      PassiveMeters.bind(discovery.passiveHealth(), meters);
      if (store instanceof JournalStore journal) {
        StoreMeters.bindJournal(journal, meters);
      }
      // Prometheus's convention for what a process runs: a constant 1 whose labels say it.
      Gauge.builder("signpost.build.info", () -> 1).description("The version of Signpost this process runs")
          .tag("version", SignpostVersion.current()).register(meters);
      cluster.ifPresent(node -> ClusterMeters.bind(node.membership(), meters));
      new JvmMemoryMetrics().bindTo(meters);
      new JvmGcMetrics().bindTo(meters);
      new JvmThreadMetrics().bindTo(meters);
      new ProcessorMetrics().bindTo(meters);

      Optional<StaticZones> staticZones = options.zoneFiles().isEmpty() ? Optional.empty()
          : Optional.of(StaticZones.load(options.zoneFiles(), zone.domain(), discovery.services().keySet()));
      staticZones.ifPresent(files -> discovery.nameClaims(files::claimant));
      forwarder = options.upstreams().isEmpty() ? Optional.empty()
          : Optional.of(new Forwarder(options.upstreams(),
              new UpstreamClient(UpstreamClient.DEFAULT_TIMEOUT, io.transport()), meters));
      RecursionPolicy recursion = options.recursion();
      Optional<QueryPipeline.Recursion> recursing = forwarder.map(f ->
          new QueryPipeline.Recursion(recursion::allows, new ForwardHandler(f, recursion)));
      LauncherOptions.TransferOptions transfers = options.transfers();
      TsigKeys tsigKeys = TsigKeys.of(transfers.keys(), Clock.systemUTC());
      Optional<QueryHandler> transferring = Optional.empty();
      if (transfers.enabled()) {
        ZoneContents contents = new ZoneContents(records, discovery);
        Optional<ZoneHistory> history = Optional.empty();
        if (transfers.ixfrHistory() > 0) {
          ZoneHistory kept = new ZoneHistory(view, contents, discovery, transfers.ixfrHistory());
          discovery.addListener(kept); // after the view: the history reads the snapshot the view just made
          history = Optional.of(kept);
        }
        transferring = Optional.of(new TransferHandler(contents, view, history, staticZones, transfers.allow(),
            transfers.maxTransfers(), new TransferMeters(meters)));
      }
      QueryPipeline pipeline = QueryPipeline.standard(new QueryPipeline.Parts(new QueryMetrics(meters),
          options.chaosVersion(), new RegistryZoneHandler(registryZone, options.clientZones()),
          staticZones.map(StaticZoneHandler::new), recursing), transferring);
      dns = DnsServer.start(options.dnsAddress(), options.dnsPort(), pipeline, options.dnsLimits(),
          new TransportMeters(meters), io, tsigKeys);
      // Once DNS listens: a secondary told of a serial asks for it at once.
      notifier = notifications(options, io, tsigKeys, meters);
      notifier.ifPresent(n -> discovery.addListener(new ZoneFollower(() -> view.current().soa(), n)));
      notifyZoneFiles(staticZones, notifier);
      Runnable reloaded = notifyZoneFilesOnReload(staticZones, notifier);
      LauncherOptions.HttpLimits http = options.http();
      LauncherOptions.AclOptions acl = options.acl();
      acl.initialManagementToken().ifPresent(secret ->
          InitialManagementToken.ensure(discovery, secret));
      AdminConfig adminConfig = AdminConfig.defaults().withListen(options.httpAddress(), options.httpPort())
          .withLimits(http.idleTimeout(), http.requestTimeout(), http.maxConnections())
          .withTls(options.httpTls()).withAllowedHosts(options.httpAllowedHosts())
          .withNode(options.cluster().nodeName(), options.cluster().datacenter());
      ZoneExplainer explainer = new ZoneExplainer(registryZone, records, discovery, options.clientZones(),
          staticZones, forwarder.map(f -> recursion::allows));
      LauncherOptions.EventOptions eventOptions = options.events();
      EventStreams streams = new EventStreams(events, eventOptions.maxStreams(), eventOptions.maxUnsentBytes(),
          EventStreams.DEFAULT_HEARTBEAT);
      Operations operations = new Operations(meters, staticZones, discovery, explainer,
          new DnsSettings(zone.domain().toString(), options.ttl()), streams, reloaded);
      AclConfig aclConfig = new AclConfig(acl.enabled(), acl.defaultAllow());
      AdminServer admin = cluster.isPresent()
          ? AdminServer.start(discovery, adminConfig, operations, aclConfig, cluster.get().membership())
          : AdminServer.start(discovery, adminConfig, operations, aclConfig);
      checkTargets.apiListensOn(admin.address());
      cluster.ifPresent(node -> node.join(admin.address(), discovery::relayedHeartbeat, discovery::relayedOutcomes));
      HttpMeters.bind(admin.connectionStats(), meters);
      HttpMeters.bindEvents(streams, meters);
      started = true;
      // Logged once everything listens: a start refused later must say only why, in one line.
      LOG.log(System.Logger.Level.INFO, "DNS transport: " + io.describe() + ", " + dns.udpSockets() + " UDP socket"
          + (dns.udpSockets() == 1 ? "" : "s") + " on the port");
      return new SignpostServer(discovery, dns, admin, zone, staticZones, forwarder, cluster, io, events, options,
          notifier);
    } finally {
      // Whatever failed (Netty can throw checked exceptions unchecked), release what was opened: the
      // journal's thread would otherwise keep the process alive.
      if (!started) {
        if (dns != null) {
          dns.close();
        }
        notifier.ifPresent(Notifier::close);
        forwarder.ifPresent(Forwarder::close);
        discovery.close();
        if (events != null) {
          events.close();
        }
        cluster.ifPresent(ClusterNode::close);
      }
    }
  }

  /** The NOTIFY sender of {@code --notify}, if any targets are given. */
  private static Optional<Notifier> notifications(LauncherOptions options, TransportChoice io, TsigKeys keys,
      PrometheusMeterRegistry meters) {
    if (options.notifyTargets().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Notifier.start(options.notifyTargets(), keys::key, io.transport(), meters));
  }

  /** Every zone file's serial, to the secondaries: at start, and after each reload (unchanged serials send nothing). */
  private static void notifyZoneFiles(Optional<StaticZones> files, Optional<Notifier> notifier) {
    if (files.isPresent() && notifier.isPresent()) {
      for (Name origin : files.get().origins()) {
        files.get().zoneFor(origin).ifPresent(z -> notifier.get().publish(z.getSOA()));
      }
    }
  }

  private static Runnable notifyZoneFilesOnReload(Optional<StaticZones> files, Optional<Notifier> notifier) {
    return () -> notifyZoneFiles(files, notifier);
  }

  /**
   * Re-reads the zone files ({@code SIGHUP}); a file with an error leaves the previous zones serving. A zone whose
   * serial changed is NOTIFYed to the secondaries.
   *
   * @return a one-line summary
   * @throws IllegalArgumentException naming the file, line and problem
   */
  public String reloadZones() {
    String summary = Operations.reload(staticZones, discovery);
    notifyZoneFiles(staticZones, notifier);
    return summary;
  }

  /**
   * Re-reads the HTTP API's TLS certificate, key and client CA ({@code SIGHUP}): new connections get them,
   * open ones keep theirs; a file with an error leaves the previous certificate serving.
   *
   * @return a one-line summary of what is served
   * @throws IllegalArgumentException naming the file and the problem
   */
  public String reloadTls() {
    return admin.reloadTls();
  }

  /** True when the HTTP API speaks HTTPS only. */
  public boolean httpTls() {
    return admin.tls();
  }

  /**
   * The store and what it holds now, for the start-up line: {@code embedded journal in DIR} or
   * {@code etcd URL,URL under PREFIX (local copy in DIR)}, then the instances and the index.
   */
  String storeSummary() {
    String dir = options.dataDir().toAbsolutePath().toString();
    LauncherOptions.ClusterOptions c = options.cluster();
    String where = cluster.isPresent()
        ? "etcd " + String.join(",", c.etcd()) + " under " + c.prefix() + " (local copy in " + dir + ")"
        : "embedded journal in " + dir;
    return where + ", " + discovery.metrics().instances() + " instances at index " + discovery.index();
  }

  /** This node and the cluster as it sees it now, for the start-up line. */
  String clusterSummary() {
    LauncherOptions.ClusterOptions c = options.cluster();
    String node = "node " + c.nodeName() + " in datacenter " + c.datacenter();
    return cluster.map(n -> {
      var members = n.membership().members();
      long alive = members.stream().filter(m -> m.alive()).count();
      return node + ", cluster members seen: " + members.size() + " (" + alive + " alive)";
    }).orElse(node + ", single node");
  }

  /** What the zone files serve now, in one line. */
  String zonesSummary() {
    return staticZones.map(StaticZones::summary).orElse("no zone files");
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

  /** The transport DNS and the forwarder run on, and why. */
  public TransportChoice io() {
    return io;
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
        try {
          notifier.ifPresent(Notifier::close);
          forwarder.ifPresent(Forwarder::close);
        } finally {
          try {
            discovery.close();
          } finally {
            events.close(); // after the registry: the changes it made durable while closing are in the file too
            cluster.ifPresent(ClusterNode::close);
          }
        }
      }
    }
  }
}
