package dev.signpost.dns.launcher;

import dev.signpost.admin.AdminConfig;
import dev.signpost.admin.EventStreams;
import dev.signpost.admin.http.AllowedHosts;
import dev.signpost.admin.json.GoDuration;
import dev.signpost.admin.tls.TlsFiles;
import dev.signpost.balance.InstanceStats;
import dev.signpost.balance.StrategyCatalog;
import dev.signpost.core.Cidr;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.events.EventHistory;
import dev.signpost.core.health.ProbeLimits;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.core.passive.PassiveOptions;
import dev.signpost.core.storage.RepairMode;
import dev.signpost.dns.forward.RecursionPolicy;
import dev.signpost.dns.forward.Upstream;
import dev.signpost.dns.launcher.ConfigSources.Setting;
import dev.signpost.dns.notify.NotifyTarget;
import dev.signpost.dns.transport.DnsLimits;
import dev.signpost.dns.transport.RateLimit;
import dev.signpost.dns.transport.TransportChoice;
import dev.signpost.dns.tsig.TsigKeys;
import dev.signpost.zones.ZoneConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The command line. Value flags are {@code --flag value} or {@code --flag=value}; switches are
 * {@code --switch}, or {@code --switch=true|false}.
 *
 * @param ttl seconds, for every answer and for negative caching
 * @param healthFilter which health states DNS serves ({@code --dns-only-passing}, {@code --dns-fail-open})
 * @param strategy the default load-balancing strategy ({@code --lb})
 * @param answerLimit at most this many instances per answer, 0 for no limit ({@code --answer-limit})
 * @param clientZones which zone a client address is in ({@code --client-zone CIDR=ZONE}, repeatable)
 * @param upstreams resolvers that names outside our zones are forwarded to ({@code --upstream}, repeatable)
 * @param recursionAllow who may recurse ({@code --recursion-allow CIDR}, repeatable); empty means the
 *     default of loopback and the private ranges
 * @param zoneFiles RFC 1035 master files served beside the registry ({@code --zone-file}, repeatable)
 * @param chaosVersion what {@code CH TXT version.bind} answers ({@code --chaos-version}); empty to refuse
 * @param dnsLimits TCP connections and timeouts, and the UDP rate limit ({@code --tcp-*}, {@code --rate-limit*})
 * @param http the HTTP API's connection cap and timeouts ({@code --http-idle-timeout},
 *     {@code --http-request-timeout}, {@code --http-max-connections})
 * @param probes health probes in flight at most, per target and in all ({@code --health-max-probes-per-target},
 *     {@code --health-max-probes})
 * @param journalRepair what opening the data dir does with a journal damaged before its last valid record:
 *     stop the start, or set the damage aside in a side file and start ({@code --repair-journal})
 * @param acl ACL enforcement on the HTTP API ({@code --acl-*})
 * @param httpTls the HTTP API's certificate, key and client CA, for HTTPS only ({@code --http-tls-cert},
 *     {@code --http-tls-key}, {@code --http-tls-client-ca}); empty for plain HTTP
 * @param httpAllowedHosts more names requests to the API may carry in {@code Host} ({@code --http-allowed-host},
 *     repeatable)
 * @param checkAllow the only ranges health checks may reach ({@code --check-allow CIDR}, repeatable); empty
 *     for every range
 * @param checkDeny ranges health checks may not reach ({@code --check-deny CIDR}, repeatable)
 * @param io the Netty transport asked for ({@code --io}): {@code io_uring}, {@code epoll}, {@code nio}, or
 *     {@code auto}; whether this host can run it is known only at start ({@link TransportChoice#resolve})
 * @param advertiseAddress the address DNS gives for this server, in the zone's NS glue and as this node's
 *     ({@code --advertise-addr}); empty for {@link NodeDirectory#selfAddress}
 * @param events the event history's size and its streams' bounds ({@code --event-history},
 *     {@code --event-streams-max}, {@code --event-stream-max-unsent})
 * @param logging the log's format and level ({@code --log-format}, {@code --log-level})
 * @param transfers who may transfer the zones and with which keys ({@code --transfer-allow}, {@code --tsig-key},
 *     {@code --transfer-max}, {@code --ixfr-history})
 * @param notifyTargets the secondaries told of every change by NOTIFY ({@code --notify HOST[:PORT][@KEYNAME]},
 *     repeatable)
 * @param passive passive health: on for services without a {@code Passive} policy ({@code --passive-health}), and
 *     the most outcomes one report may hold ({@code --passive-max-batch})
 */
record LauncherOptions(
    InetAddress dnsAddress,
    int dnsPort,
    InetAddress httpAddress,
    int httpPort,
    String domain,
    Path dataDir,
    long ttl,
    HealthFilter healthFilter,
    String strategy,
    int answerLimit,
    ClientZones clientZones,
    List<Upstream> upstreams,
    List<String> recursionAllow,
    List<Path> zoneFiles,
    Optional<String> chaosVersion,
    DnsLimits dnsLimits,
    HttpLimits http,
    ProbeLimits probes,
    RepairMode journalRepair,
    Optional<TlsFiles> httpTls,
    List<String> httpAllowedHosts,
    AclOptions acl,
    List<Cidr> checkAllow,
    List<Cidr> checkDeny,
    ClusterOptions cluster,
    String io,
    Optional<InetAddress> advertiseAddress,
    EventOptions events,
    LogOptions logging,
    TransferOptions transfers,
    List<NotifyTarget> notifyTargets,
    PassiveOptions passive) {

  /**
   * Zone transfers: the networks that may transfer without a key ({@code --transfer-allow CIDR}, repeatable), the
   * TSIG keys that let their holders transfer and get signed replies ({@code --tsig-key NAME:ALGORITHM:BASE64},
   * repeatable), how many transfers may run at once ({@code --transfer-max}) and how many changes IXFR remembers
   * ({@code --ixfr-history}). Neither allow nor keys: nobody transfers.
   */
  record TransferOptions(List<Cidr> allow, List<TsigKeys.Key> keys, int maxTransfers, int ixfrHistory) {
    static final int DEFAULT_MAX_TRANSFERS = 10;
    static final int DEFAULT_IXFR_HISTORY = 10_000;
    static final TransferOptions DEFAULTS = new TransferOptions(List.of(), List.of(), DEFAULT_MAX_TRANSFERS,
        DEFAULT_IXFR_HISTORY);

    TransferOptions {
      allow = List.copyOf(allow);
      keys = List.copyOf(keys);
    }

    /** Whether anybody may transfer: only then is the IXFR history kept. */
    boolean enabled() {
      return !allow.isEmpty() || !keys.isEmpty();
    }
  }

  /**
   * The event history: how many entries are kept (0: none), how many live streams may be open, and how far
   * (bytes) a stream's reader may fall behind before it is disconnected.
   */
  record EventOptions(int history, int maxStreams, int maxUnsentBytes) {
    static final EventOptions DEFAULTS = new EventOptions(EventHistory.DEFAULT_CAPACITY,
        EventStreams.DEFAULT_MAX_STREAMS, EventStreams.DEFAULT_MAX_UNSENT_BYTES);
  }

  /**
   * Cluster mode: {@code --etcd} (repeatable; none means a single node on its journal), {@code --etcd-prefix},
   * {@code --node-name}, {@code --datacenter}, {@code --etcd-lease-ttl} and {@code --etcd-timeout}.
   */
  record ClusterOptions(List<String> etcd, String prefix, String nodeName, String datacenter, Duration leaseTtl,
      Duration timeout) {
    static final String DEFAULT_PREFIX = "/signpost/";
    static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    /** Longer than etcd's own request timeout (7 s by default): a leader election delays writes, not fails them. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    ClusterOptions {
      etcd = List.copyOf(etcd);
    }

    static ClusterOptions single() {
      return new ClusterOptions(List.of(), DEFAULT_PREFIX, AdminConfig.defaults().nodeName(),
          AdminConfig.DEFAULT_DATACENTER, DEFAULT_LEASE_TTL, DEFAULT_TIMEOUT);
    }

    boolean enabled() {
      return !etcd.isEmpty();
    }
  }

  /**
   * {@code --acl-enabled}, {@code --acl-default-policy}, and the management token to make sure exists at
   * start ({@code --acl-initial-management-token} or {@code -file}).
   */
  record AclOptions(boolean enabled, boolean defaultAllow, Optional<String> initialManagementToken) {
    static final AclOptions DISABLED = new AclOptions(false, false, Optional.empty());

    /** Redacted: the secret must not reach a log line or an exception message. */
    @Override
    public String toString() {
      return "AclOptions[enabled=" + enabled + ", defaultAllow=" + defaultAllow + ", initialManagementToken="
          + (initialManagementToken.isPresent() ? "<hidden>" : "none") + "]";
    }
  }

  /** The HTTP API's bounds, as {@link AdminConfig#withLimits} takes them. */
  record HttpLimits(Duration idleTimeout, Duration requestTimeout, int maxConnections) {
    static final HttpLimits DEFAULTS = new HttpLimits(AdminConfig.DEFAULT_IDLE_TIMEOUT,
        AdminConfig.DEFAULT_REQUEST_TIMEOUT, AdminConfig.DEFAULT_MAX_CONNECTIONS);
  }

  LauncherOptions {
    upstreams = List.copyOf(upstreams);
    recursionAllow = List.copyOf(recursionAllow);
    zoneFiles = List.copyOf(zoneFiles);
    httpAllowedHosts = List.copyOf(httpAllowedHosts);
  }

  /** Who may recurse: {@code --recursion-allow}, or loopback and the private ranges. */
  RecursionPolicy recursion() {
    return recursionAllow.isEmpty() ? RecursionPolicy.defaults() : RecursionPolicy.parse(recursionAllow);
  }

  /** The strategies a user may name, for checking {@code --lb} before anything starts. */
  private static final java.util.SortedSet<String> STRATEGIES = new StrategyCatalog(
      new InstanceStats(System::nanoTime), java.util.concurrent.ThreadLocalRandom::current).names();

  static final String USAGE = """
      Usage: java -jar signpost.jar [options]

        --dns-addr ADDR    address to answer DNS on, UDP and TCP (default 127.0.0.1)
        --dns-port PORT    DNS port (default 8600; 0 picks a free port)
        --http-addr ADDR   address of the HTTP admin API (default 127.0.0.1)
        --http-port PORT   HTTP port (default 8500; 0 picks a free port)
        --advertise-addr ADDR
                           the address DNS gives for this server: the zone's NS glue and
                           <node-name>.node.<parent> (default --dns-addr, or when that is
                           0.0.0.0 or ::, the first address of a network interface that
                           is up and not loopback)
        --domain NAME      the domain services are published under (default service.local);
                           when it starts with service, its parent's zone is served too
        --data-dir DIR     where registrations are journaled (default ./signpost-data)
        --repair-journal   start even if the journal is damaged before its last valid
                           record: move the damage and everything after it to
                           journal.log.corrupt-<UTC time> in the data dir, keep the rest
        --ttl SECONDS      TTL of every answer and of negative answers (default 5)
        --dns-only-passing serve only passing instances (default: passing and warning)
        --dns-fail-open    when every instance of a service fails its checks, keep serving
                           the last healthy set with a 1 s TTL until one recovers
        --lb NAME          default load-balancing strategy: round-robin (default), random,
                           weighted, least-connections, ip-hash, zone-aware, latency
        --answer-limit N   at most N instances per answer (default 0: no limit)
        --client-zone CIDR=ZONE
                           clients in CIDR are in ZONE (repeatable), e.g. 10.9.0.0/16=a
        --upstream HOST[:PORT]
                           forward names outside our zones there (repeatable; port 53 by
                           default); without one they are REFUSED
        --recursion-allow CIDR
                           clients that may use forwarding (repeatable; default loopback,
                           10/8, 172.16/12, 192.168/16, fc00::/7); others get REFUSED
        --zone-file FILE   serve an RFC 1035 zone file beside the registry (repeatable);
                           reloaded by SIGHUP and PUT /v1/signpost/reload
        --transfer-allow CIDR
                           clients in CIDR may transfer the zones, AXFR and IXFR over TCP
                           (repeatable; default nobody)
        --tsig-key NAME:ALGORITHM:BASE64
                           a TSIG key (hmac-sha256, -sha384, -sha512, -sha224, -sha1);
                           its holders may transfer, and signed queries get signed replies
                           (repeatable)
        --transfer-max N   zone transfers running at once at most (default 10)
        --ixfr-history N   changes kept for IXFR (default 10000; 0: every IXFR is a full
                           transfer)
        --notify HOST[:PORT][@KEYNAME]
                           send NOTIFY to this secondary when a zone changes (repeatable;
                           HOST an IP, port 53 by default), signed with the --tsig-key
                           KEYNAME when given
        --passive-health   passive health for every service whose policy does not say
                           otherwise: callers report their calls' outcomes (PUT
                           /v1/signpost/instance/ID/outcomes) and an instance that fails
                           them leaves DNS for a while (default off: only services whose
                           policy has Passive on)
        --passive-max-batch N
                           outcomes one report may hold at most; a bigger one gets 413
                           (default 1000)
        --chaos-version TEXT
                           answer CH TXT version.bind with TEXT (default: refused)
        --io io_uring|epoll|nio|auto
                           the network transport for DNS and forwarding (default auto:
                           epoll where it loads, else nio; io_uring only when named);
                           one named that cannot run here stops the start
        --tcp-max-clients N
                           open DNS TCP connections at most (default 1000)
        --tcp-idle-timeout DURATION
                           close a DNS TCP connection without a message this long (default 10s)
        --tcp-io-timeout DURATION
                           a DNS TCP message must arrive whole, and replies be read, within
                           this time (default 2s)
        --http-idle-timeout DURATION
                           close an HTTP connection without a request this long (default 60s)
        --http-request-timeout DURATION
                           a request's headers and body must arrive within this time
                           (default 10s; a blocking query's wait does not count)
        --http-max-connections N
                           open HTTP connections at most (default 1024)
        --event-history N  keep the last N registry changes (GET /v1/signpost/events), in
                           events.log under --data-dir (default 10000; 0: none)
        --event-streams-max N
                           live event streams (text/event-stream) open at most; more get
                           503 (default 64)
        --event-stream-max-unsent BYTES
                           disconnect an event stream whose reader is this far behind; it
                           resumes with Last-Event-ID (default 1048576)
        --http-tls-cert FILE
                           serve the HTTP API over HTTPS only, with this PEM certificate
                           (chain); needs --http-tls-key; reloaded by SIGHUP
        --http-tls-key FILE
                           the certificate's private key: PEM, unencrypted PKCS#8
        --http-tls-client-ca FILE
                           require client certificates signed by a CA in this PEM file
        --http-allowed-host NAME
                           a Host the API answers besides localhost, 127.0.0.1, [::1]
                           and its own address (repeatable); on an address other than
                           loopback, giving one turns the Host check on
        --health-max-probes-per-target N
                           health probes in flight to one host:port at most; more wait
                           their turn (default 8)
        --health-max-probes N
                           health probes in flight at most, all targets together (default 2048)
        --check-allow CIDR
                           health checks may reach only addresses in CIDR (repeatable;
                           default: every address not denied)
        --check-deny CIDR
                           health checks may not reach addresses in CIDR (repeatable);
                           link-local addresses and the HTTP API are denied always
        --rate-limit N     UDP answers per second per client /24 (IPv4) or /56 (IPv6)
                           (default 0: off)
        --rate-limit-slip K
                           every K-th limited answer is sent truncated so clients retry
                           over TCP; the others are dropped (default 2; 0 drops all)
        --rate-limit-exempt CIDR
                           never rate-limit clients in CIDR (repeatable)
        --acl-enabled      require ACL tokens on the HTTP API (Consul's ACL system)
        --acl-default-policy allow|deny
                           what a token's rules do not cover allows (default deny)
        --acl-initial-management-token SECRET
                           a management token (a UUID) that exists from the start
        --acl-initial-management-token-file FILE
                           the same, read from FILE, so it is not in ps
        --etcd URL         cluster mode: share the registry with other nodes through this
                           etcd (v3) endpoint, e.g. http://127.0.0.1:2379 (repeatable: give
                           every member); --data-dir then keeps a copy served at start-up
                           while etcd is unreachable
        --etcd-prefix PREFIX
                           the cluster's keys in etcd start with PREFIX (default /signpost/)
        --node-name NAME   this node's name in the cluster and in DNS, <NAME>.node.<parent>
                           (default the host name)
        --datacenter NAME  the datacenter reported by the API and answered by DNS's
                           <svc>.service.<NAME>.<parent> (default dc1)
        --etcd-lease-ttl DURATION
                           a node that stops renewing its lease this long is failed, and its
                           health checks move to the others (default 10s)
        --etcd-timeout DURATION
                           an etcd request not answered in this time fails; a write then
                           gets 503 (default 10s)
        --log-format text|json
                           one line of text per log record (default), or one JSON object
                           per line: time, level, logger, message, thread, error
        --log-level error|warn|info|debug|trace
                           the least severe log records written (default info)
        --config FILE      read flags from a YAML (.yaml, .yml) or JSON (.json) file: each
                           flag's name without the dashes, a list for a repeatable flag,
                           true/false for a switch; SIGNPOST_<FLAG> variables (DNS_PORT
                           for --dns-port; lists comma-separated) override the file, and
                           flags override both
        --version          print the version
        --help             print this text
      """;

  static LauncherOptions defaults() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    return new LauncherOptions(loopback, 8600, loopback, 8500, "service.local", Path.of("signpost-data"), 5,
        HealthFilter.DEFAULT, "round-robin", 0, ClientZones.NONE, List.of(), List.of(), List.of(), Optional.empty(),
        DnsLimits.defaults(), HttpLimits.DEFAULTS, ProbeLimits.DEFAULT, RepairMode.REFUSE, Optional.empty(),
        List.of(), AclOptions.DISABLED, List.of(), List.of(), ClusterOptions.single(), TransportChoice.AUTO,
        Optional.empty(), EventOptions.DEFAULTS, LogOptions.DEFAULTS, TransferOptions.DEFAULTS,
        List.of(), PassiveOptions.DEFAULT);
  }

  /** The flags that take a value, by name with the dashes; {@code --config} is read before the others. */
  private static final Map<String, BiConsumer<Builder, String>> FLAGS = new LinkedHashMap<>();
  /** The flags that are on or off: {@code --switch} alone, or {@code --switch=true|false}. */
  private static final Map<String, BiConsumer<Builder, Boolean>> SWITCHES = new LinkedHashMap<>();
  /** The flags that may be given more than once, each time adding a value. */
  private static final java.util.Set<String> REPEATABLE = java.util.Set.of("--etcd", "--client-zone", "--upstream",
      "--recursion-allow", "--zone-file", "--http-allowed-host", "--rate-limit-exempt", "--check-allow",
      "--check-deny", "--transfer-allow", "--tsig-key", "--notify");
  private static final String CONFIG = "--config";

  static {
    FLAGS.put("--dns-addr", (o, v) -> o.dnsAddress = address("--dns-addr", v));
    FLAGS.put("--dns-port", (o, v) -> o.dnsPort = port("--dns-port", v));
    FLAGS.put("--http-addr", (o, v) -> o.httpAddress = address("--http-addr", v));
    FLAGS.put("--http-port", (o, v) -> o.httpPort = port("--http-port", v));
    FLAGS.put("--advertise-addr", (o, v) -> o.advertiseAddress = Optional.of(advertised(v)));
    FLAGS.put("--domain", (o, v) -> o.domain = ZoneConfig.parseDomain(v).toString(true));
    FLAGS.put("--data-dir", (o, v) -> o.dataDir = Path.of(v));
    FLAGS.put("--etcd", (o, v) -> o.etcd.add(etcdUrl(v)));
    FLAGS.put("--etcd-prefix", (o, v) -> o.etcdPrefix = etcdPrefix(v));
    FLAGS.put("--node-name", (o, v) -> o.nodeName = nodeName(v));
    FLAGS.put("--datacenter", (o, v) -> o.datacenter = datacenter(v));
    FLAGS.put("--etcd-lease-ttl", (o, v) -> o.leaseTtl = leaseTtl(v));
    FLAGS.put("--etcd-timeout", (o, v) -> o.etcdTimeout = duration("--etcd-timeout", v));
    FLAGS.put("--ttl", (o, v) -> o.ttl = number("--ttl", v, 0, 0x7FFFFFFFL));
    FLAGS.put("--lb", (o, v) -> o.strategy = strategy(v));
    FLAGS.put("--answer-limit", (o, v) -> o.answerLimit = (int) number("--answer-limit", v, 0, 65535));
    FLAGS.put("--client-zone", (o, v) -> o.clientZones.add(v));
    FLAGS.put("--upstream", (o, v) -> o.upstreams.add(upstream(v)));
    FLAGS.put("--recursion-allow", (o, v) -> o.recursionAllow.add(v));
    FLAGS.put("--zone-file", (o, v) -> o.zoneFiles.add(Path.of(v)));
    FLAGS.put("--chaos-version", (o, v) -> o.chaosVersion = Optional.of(v));
    FLAGS.put("--tcp-max-clients", (o, v) -> o.tcpMaxClients = (int) number("--tcp-max-clients", v, 1, 1_000_000));
    FLAGS.put("--tcp-idle-timeout", (o, v) -> o.tcpIdle = duration("--tcp-idle-timeout", v));
    FLAGS.put("--tcp-io-timeout", (o, v) -> o.tcpIo = duration("--tcp-io-timeout", v));
    FLAGS.put("--event-history", (o, v) -> o.eventHistory = (int) number("--event-history", v, 0, 10_000_000));
    FLAGS.put("--event-streams-max", (o, v) -> o.eventStreams = (int) number("--event-streams-max", v, 0, 100_000));
    FLAGS.put("--event-stream-max-unsent",
        (o, v) -> o.eventUnsent = (int) number("--event-stream-max-unsent", v, 1024, 1 << 30));
    FLAGS.put("--http-idle-timeout", (o, v) -> o.httpIdle = duration("--http-idle-timeout", v));
    FLAGS.put("--http-request-timeout", (o, v) -> o.httpRequest = duration("--http-request-timeout", v));
    FLAGS.put("--http-max-connections",
        (o, v) -> o.httpMaxConnections = (int) number("--http-max-connections", v, 1, 1_000_000));
    FLAGS.put("--http-tls-cert", (o, v) -> o.httpTlsCert = Path.of(v));
    FLAGS.put("--http-tls-key", (o, v) -> o.httpTlsKey = Path.of(v));
    FLAGS.put("--http-tls-client-ca", (o, v) -> o.httpTlsClientCa = Path.of(v));
    FLAGS.put("--http-allowed-host", (o, v) -> o.httpAllowedHosts.add(allowedHost(v)));
    FLAGS.put("--health-max-probes-per-target",
        (o, v) -> o.probesPerTarget = (int) number("--health-max-probes-per-target", v, 1, 1_000_000));
    FLAGS.put("--health-max-probes", (o, v) -> o.probesTotal = (int) number("--health-max-probes", v, 1, 1_000_000));
    FLAGS.put("--io", (o, v) -> o.io = TransportChoice.checkName(v));
    FLAGS.put("--log-format", (o, v) -> o.logFormat = LogOptions.Format.parse(v));
    FLAGS.put("--log-level", (o, v) -> o.logLevel = LogOptions.Severity.parse(v));
    FLAGS.put("--rate-limit", (o, v) -> o.rateLimit = (int) number("--rate-limit", v, 0, 1_000_000_000));
    FLAGS.put("--rate-limit-slip", (o, v) -> o.rateLimitSlip = (int) number("--rate-limit-slip", v, 0, 100));
    FLAGS.put("--rate-limit-exempt", (o, v) -> o.rateLimitExempt.add(cidr("--rate-limit-exempt", v)));
    FLAGS.put("--check-allow", (o, v) -> o.checkAllow.add(cidr("--check-allow", v)));
    FLAGS.put("--check-deny", (o, v) -> o.checkDeny.add(cidr("--check-deny", v)));
    FLAGS.put("--acl-default-policy", (o, v) -> o.aclDefaultAllow = aclDefault(v));
    FLAGS.put("--acl-initial-management-token", (o, v) -> o.aclToken = Optional.of(aclSecret(v, "")));
    FLAGS.put("--acl-initial-management-token-file", (o, v) -> o.aclTokenFile = Optional.of(Path.of(v)));
    FLAGS.put("--transfer-allow", (o, v) -> o.transferAllow.add(cidr("--transfer-allow", v)));
    FLAGS.put("--tsig-key", (o, v) -> o.tsigKeys.add(tsigKey(v)));
    FLAGS.put("--transfer-max", (o, v) -> o.maxTransfers = (int) number("--transfer-max", v, 1, 10_000));
    FLAGS.put("--notify", (o, v) -> o.notifyTargets.add(notifyTarget(v)));
    FLAGS.put("--ixfr-history", (o, v) -> o.ixfrHistory = (int) number("--ixfr-history", v, 0, 10_000_000));
    FLAGS.put("--passive-max-batch",
        (o, v) -> o.passiveMaxBatch = (int) number("--passive-max-batch", v, 1, PassiveOptions.MAX_BATCH_LIMIT));
    SWITCHES.put("--dns-only-passing", (o, on) -> o.onlyPassing = on);
    SWITCHES.put("--dns-fail-open", (o, on) -> o.failOpen = on);
    SWITCHES.put("--passive-health", (o, on) -> o.passiveHealth = on);
    SWITCHES.put("--acl-enabled", (o, on) -> o.aclEnabled = on);
    SWITCHES.put("--repair-journal", (o, on) -> o.journalRepair = on ? RepairMode.SET_ASIDE : RepairMode.REFUSE);
  }

  private static final ConfigSources SOURCES = new ConfigSources(FLAGS.keySet(), SWITCHES.keySet(), REPEATABLE);

  /** Every flag a config file may name, with the dashes. */
  static java.util.Set<String> fileFlags() {
    java.util.Set<String> names = new java.util.TreeSet<>(FLAGS.keySet());
    names.addAll(SWITCHES.keySet());
    return names;
  }

  /**
   * The command line alone, as tests give it.
   *
   * @return the options, or null when the user asked for {@code --help} or {@code --version}
   * @throws UsageException naming the flag at fault
   */
  static LauncherOptions parse(String... args) throws UsageException {
    return parse(Map.of(), args);
  }

  /**
   * The command line, over the {@code SIGNPOST_*} variables of {@code env}, over the file {@code --config} names,
   * over the defaults.
   *
   * @return the options, or null when the user asked for {@code --help} or {@code --version}
   * @throws UsageException naming the flag at fault, and the variable or file and key it came from
   */
  static LauncherOptions parse(Map<String, String> env, String... args) throws UsageException {
    List<Setting> given = commandLine(args);
    if (!given.isEmpty() && isInfo(given.get(given.size() - 1).flag())) {
      return null;
    }
    Optional<Path> config = Optional.empty();
    List<Setting> flags = new ArrayList<>();
    for (Setting s : given) {
      if (s.flag().equals(CONFIG)) {
        config = Optional.of(Path.of(s.value()));
      } else {
        flags.add(s);
      }
    }
    List<Setting> file = config.isPresent() ? SOURCES.file(config.get()) : List.of();
    Builder b = new Builder(defaults());
    for (Setting s : ConfigSources.byPrecedence(List.of(file, SOURCES.environment(env), flags))) {
      apply(b, s);
    }
    return b.build();
  }

  /** Whether the command line asks for {@code --version} (before any {@code --help}). */
  static boolean asksVersion(String... args) throws UsageException {
    List<Setting> given = commandLine(args);
    return !given.isEmpty() && given.get(given.size() - 1).flag().equals("--version");
  }

  private static boolean isInfo(String flag) {
    return flag.equals("--help") || flag.equals("--version");
  }

  /** The flags as given, up to the first {@code --help}, {@code -h} or {@code --version}, which ends the list. */
  private static List<Setting> commandLine(String[] args) throws UsageException {
    List<Setting> given = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version")) {
        given.add(new Setting(arg.equals("-h") ? "--help" : arg, null, ""));
        return given;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (SWITCHES.containsKey(name)) {
        given.add(new Setting(name, value, ""));
        continue;
      }
      if (!FLAGS.containsKey(name) && !name.equals(CONFIG)) {
        throw new UsageException("unknown option '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option " + name + " needs a value");
        }
        value = args[++i];
      }
      given.add(new Setting(name, value, ""));
    }
    return given;
  }

  /** One setting onto {@code b}; a bad value's message starts with where it came from. */
  private static void apply(Builder b, Setting s) throws UsageException {
    try {
      BiConsumer<Builder, Boolean> toggle = SWITCHES.get(s.flag());
      if (toggle != null) {
        toggle.accept(b, s.value() == null || bool(s.flag(), s.value()));
      } else {
        FLAGS.get(s.flag()).accept(b, s.value());
      }
    } catch (IllegalArgumentException | UsageException e) {
      throw new UsageException(s.where() + e.getMessage());
    }
  }

  /** An etcd client URL: {@code http://host:port} (or https). */
  private static String etcdUrl(String value) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(value);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getPort() < 0
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("--etcd must be a URL such as http://127.0.0.1:2379, got '" + value + "'");
    }
    return value;
  }

  private static String etcdPrefix(String value) {
    if (!value.startsWith("/") || !value.endsWith("/") || value.length() < 2) {
      throw new IllegalArgumentException("--etcd-prefix must start and end with '/', such as /signpost/, got '"
          + value + "'");
    }
    return value;
  }

  /** A node name as Consul takes one, and usable as a DNS label: letters, digits and '-'. */
  private static String nodeName(String value) {
    if (!value.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
      throw new IllegalArgumentException("--node-name must be 1 to 63 letters, digits or '-' (a DNS label), got '"
          + value + "'");
    }
    return value;
  }

  private static String datacenter(String value) {
    if (!value.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("--datacenter must be 1 to 64 letters, digits, '_' or '-', got '"
          + value + "'");
    }
    return value;
  }

  /** Whole seconds, at least 2: etcd refuses leases shorter than its election timeout allows. */
  private static Duration leaseTtl(String value) {
    Duration ttl = duration("--etcd-lease-ttl", value);
    if (ttl.toSeconds() < 2 || ttl.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("--etcd-lease-ttl must be whole seconds, at least 2s, got '" + value + "'");
    }
    return ttl;
  }

  private static boolean aclDefault(String value) {
    return switch (value) {
      case "allow" -> true;
      case "deny" -> false;
      default -> throw new IllegalArgumentException("--acl-default-policy must be allow or deny, got '" + value + "'");
    };
  }

  /** A token secret as Consul takes one: a UUID. {@code where} says where it came from; the value is never echoed. */
  private static String aclSecret(String value, String where) {
    if (!AclIds.isUuid(value)) {
      throw new IllegalArgumentException("the initial management token" + where + " must be a UUID");
    }
    return value;
  }

  private static InetAddress address(String flag, String value) {
    boolean literal = value.matches("[0-9.]+") || value.contains(":");
    try {
      if (!literal && !value.equals("localhost")) {
        throw new IllegalArgumentException(flag + " must be an IP address, got '" + value + "'");
      }
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(flag + " must be an IP address, got '" + value + "'");
    }
  }

  /** An address others can reach: one DNS gives out, so not a wildcard. */
  private static InetAddress advertised(String value) {
    InetAddress address = address("--advertise-addr", value);
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException("--advertise-addr must be an address others reach this server at, not the "
          + "wildcard '" + value + "'");
    }
    return address;
  }

  /** A positive duration as Consul writes them: {@code 500ms}, {@code 2s}, {@code 1m30s}. */
  private static Duration duration(String flag, String value) {
    Duration d;
    try {
      d = GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 2s or 1m, got '" + value + "'");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(flag + " must be longer than 0, got '" + value + "'");
    }
    return d;
  }

  private static Cidr cidr(String flag, String value) {
    try {
      return Cidr.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": invalid CIDR '" + value + "': " + e.getMessage(), e);
    }
  }

  private static String allowedHost(String value) {
    try {
      AllowedHosts.normalize(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--http-allowed-host must be a host name or an IP address, without a port, "
          + "got '" + value + "'", e);
    }
    return value;
  }

  private static Upstream upstream(String value) {
    try {
      return Upstream.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--upstream: " + e.getMessage(), e);
    }
  }

  private static String strategy(String name) {
    if (!STRATEGIES.contains(name)) {
      throw new IllegalArgumentException("--lb: unknown strategy '" + name + "'; use one of: "
          + String.join(", ", STRATEGIES));
    }
    return name;
  }

  private static boolean bool(String flag, String value) throws UsageException {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new UsageException(flag + " is a switch: give it alone, or as " + flag + "=true|false, got '"
          + value + "'");
    };
  }

  private static int port(String flag, String value) {
    return (int) number(flag, value, 0, 65535);
  }

  private static long number(String flag, String value, long min, long max) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static NotifyTarget notifyTarget(String value) {
    try {
      return NotifyTarget.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--notify: " + e.getMessage(), e);
    }
  }

  private static TsigKeys.Key tsigKey(String value) {
    try {
      return TsigKeys.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tsig-key: " + e.getMessage(), e);
    }
  }

  /** Mutable holder used only while parsing. */
  private static final class Builder {
    InetAddress dnsAddress;
    int dnsPort;
    InetAddress httpAddress;
    int httpPort;
    String domain;
    Path dataDir;
    long ttl;
    boolean onlyPassing;
    boolean failOpen;
    String strategy;
    int answerLimit;
    final java.util.List<String> clientZones = new java.util.ArrayList<>();
    final List<Upstream> upstreams = new ArrayList<>();
    final List<String> recursionAllow = new ArrayList<>();
    final List<Path> zoneFiles = new ArrayList<>();
    Optional<String> chaosVersion = Optional.empty();
    Optional<InetAddress> advertiseAddress = Optional.empty();
    int tcpMaxClients;
    Duration tcpIdle;
    Duration tcpIo;
    Duration httpIdle;
    Duration httpRequest;
    int httpMaxConnections;
    int probesPerTarget;
    int probesTotal;
    int rateLimit;
    int rateLimitSlip;
    final List<Cidr> rateLimitExempt = new ArrayList<>();
    final List<Cidr> checkAllow = new ArrayList<>();
    final List<Cidr> checkDeny = new ArrayList<>();
    RepairMode journalRepair;
    boolean aclEnabled;
    boolean aclDefaultAllow;
    Optional<String> aclToken = Optional.empty();
    Optional<Path> aclTokenFile = Optional.empty();
    Path httpTlsCert;
    Path httpTlsKey;
    Path httpTlsClientCa;
    final List<String> httpAllowedHosts = new ArrayList<>();
    final List<String> etcd = new ArrayList<>();
    String etcdPrefix;
    String nodeName;
    String datacenter;
    Duration leaseTtl;
    Duration etcdTimeout;
    String io;
    int eventHistory;
    int eventStreams;
    int eventUnsent;
    LogOptions.Format logFormat;
    LogOptions.Severity logLevel;
    final List<Cidr> transferAllow = new ArrayList<>();
    final List<TsigKeys.Key> tsigKeys = new ArrayList<>();
    final List<NotifyTarget> notifyTargets = new ArrayList<>();
    int maxTransfers;
    int ixfrHistory;
    boolean passiveHealth;
    int passiveMaxBatch;

    Builder(LauncherOptions d) {
      passiveHealth = d.passive().enabledByDefault();
      passiveMaxBatch = d.passive().maxBatch();
      maxTransfers = d.transfers().maxTransfers();
      ixfrHistory = d.transfers().ixfrHistory();
      io = d.io();
      eventHistory = d.events().history();
      eventStreams = d.events().maxStreams();
      eventUnsent = d.events().maxUnsentBytes();
      logFormat = d.logging().format();
      logLevel = d.logging().level();
      etcdPrefix = d.cluster().prefix();
      nodeName = d.cluster().nodeName();
      datacenter = d.cluster().datacenter();
      leaseTtl = d.cluster().leaseTtl();
      etcdTimeout = d.cluster().timeout();
      dnsAddress = d.dnsAddress();
      dnsPort = d.dnsPort();
      httpAddress = d.httpAddress();
      httpPort = d.httpPort();
      domain = d.domain();
      dataDir = d.dataDir();
      ttl = d.ttl();
      onlyPassing = d.healthFilter().onlyPassing();
      failOpen = d.healthFilter().failOpen();
      strategy = d.strategy();
      answerLimit = d.answerLimit();
      tcpMaxClients = d.dnsLimits().tcpMaxClients();
      tcpIdle = d.dnsLimits().tcpIdleTimeout();
      tcpIo = d.dnsLimits().tcpIoTimeout();
      rateLimit = d.dnsLimits().rateLimit().perSecond();
      rateLimitSlip = d.dnsLimits().rateLimit().slip();
      httpIdle = d.http().idleTimeout();
      httpRequest = d.http().requestTimeout();
      httpMaxConnections = d.http().maxConnections();
      probesPerTarget = d.probes().perTarget();
      probesTotal = d.probes().total();
      journalRepair = d.journalRepair();
      aclEnabled = d.acl().enabled();
      aclDefaultAllow = d.acl().defaultAllow();
    }

    private AclOptions acl() throws UsageException {
      if (aclToken.isPresent() && aclTokenFile.isPresent()) {
        throw new UsageException("give --acl-initial-management-token or its -file form, not both");
      }
      Optional<String> token = aclToken;
      if (aclTokenFile.isPresent()) {
        Path file = aclTokenFile.get();
        try {
          token = Optional.of(aclSecret(Files.readString(file).strip(), " in " + file));
        } catch (IOException e) {
          throw new UsageException("--acl-initial-management-token-file: cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
      }
      if (!aclEnabled && token.isPresent()) {
        throw new UsageException("--acl-initial-management-token needs --acl-enabled");
      }
      return new AclOptions(aclEnabled, aclDefaultAllow, token);
    }

    LauncherOptions build() throws UsageException {
      ClientZones zones;
      try {
        zones = ClientZones.parse(clientZones);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--client-zone: " + e.getMessage());
      }
      try {
        if (!recursionAllow.isEmpty()) {
          RecursionPolicy.parse(recursionAllow);
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException("--recursion-allow: " + e.getMessage());
      }
      if (probesPerTarget > probesTotal) {
        throw new UsageException("--health-max-probes-per-target (" + probesPerTarget
            + ") must not be more than --health-max-probes (" + probesTotal + ")");
      }
      return new LauncherOptions(dnsAddress, dnsPort, httpAddress, httpPort, domain, dataDir, ttl,
          new HealthFilter(onlyPassing, failOpen), strategy, answerLimit, zones, upstreams, recursionAllow,
          zoneFiles, chaosVersion,
          new DnsLimits(tcpMaxClients, tcpIdle, tcpIo, new RateLimit(rateLimit, rateLimitSlip, rateLimitExempt)),
          new HttpLimits(httpIdle, httpRequest, httpMaxConnections), new ProbeLimits(probesPerTarget, probesTotal),
          journalRepair, tls(), httpAllowedHosts, acl(), List.copyOf(checkAllow), List.copyOf(checkDeny),
          new ClusterOptions(etcd, etcdPrefix, nodeName, datacenter, leaseTtl, etcdTimeout), io, advertiseAddress,
          new EventOptions(eventHistory, eventStreams, eventUnsent), new LogOptions(logFormat, logLevel),
          transfers(), checkedNotifyTargets(), new PassiveOptions(passiveHealth, passiveMaxBatch));
    }

    /** The targets, each naming a key of {@code --tsig-key} if any, and none twice. */
    private List<NotifyTarget> checkedNotifyTargets() throws UsageException {
      Set<InetSocketAddress> seen = new HashSet<>();
      for (NotifyTarget t : notifyTargets) {
        if (t.key().isPresent() && tsigKeys.stream().noneMatch(k -> k.name().equals(t.key().get()))) {
          throw new UsageException("--notify " + t + ": no --tsig-key is named " + t.key().get().toString(true));
        }
        if (!seen.add(t.socketAddress())) {
          throw new UsageException("--notify " + t.address() + " is given twice");
        }
      }
      return List.copyOf(notifyTargets);
    }

    private TransferOptions transfers() throws UsageException {
      try {
        TsigKeys.of(tsigKeys, Clock.systemUTC()); // two keys of one name
      } catch (IllegalArgumentException e) {
        throw new UsageException("--tsig-key: " + e.getMessage());
      }
      return new TransferOptions(transferAllow, tsigKeys, maxTransfers, ixfrHistory);
    }

    private Optional<TlsFiles> tls() throws UsageException {
      if (httpTlsCert == null && httpTlsKey == null) {
        if (httpTlsClientCa != null) {
          throw new UsageException("--http-tls-client-ca needs --http-tls-cert and --http-tls-key");
        }
        return Optional.empty();
      }
      if (httpTlsKey == null) {
        throw new UsageException("--http-tls-cert needs --http-tls-key");
      }
      if (httpTlsCert == null) {
        throw new UsageException("--http-tls-key needs --http-tls-cert");
      }
      return Optional.of(new TlsFiles(httpTlsCert, httpTlsKey, Optional.ofNullable(httpTlsClientCa)));
    }
  }
}
