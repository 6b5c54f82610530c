package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.Cidr;
import dev.signpost.core.passive.PassiveOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LauncherOptionsTest {

  @Test
  void defaultsFollowConsulsPorts() throws Exception {
    LauncherOptions o = LauncherOptions.parse();
    assertThat(o.dnsPort()).isEqualTo(8600);
    assertThat(o.httpPort()).isEqualTo(8500);
    assertThat(o.dnsAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(o.domain()).isEqualTo("service.local");
    assertThat(o.dataDir()).isEqualTo(Path.of("signpost-data"));
    assertThat(o.ttl()).isEqualTo(5);
  }

  @Test
  void boundsDefaultToWhatTheReadmeSaysAndTheRateLimitIsOff() throws Exception {
    LauncherOptions o = LauncherOptions.parse();
    assertThat(o.dnsLimits().tcpMaxClients()).isEqualTo(1000);
    assertThat(o.dnsLimits().tcpIdleTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(o.dnsLimits().tcpIoTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(o.dnsLimits().rateLimit().enabled()).isFalse();
    assertThat(o.dnsLimits().rateLimit().slip()).isEqualTo(2);
    assertThat(o.http().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(o.http().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(o.http().maxConnections()).isEqualTo(1024);
    assertThat(o.probes()).isEqualTo(new dev.signpost.core.health.ProbeLimits(8, 2048));
  }

  @Test
  void repairJournalIsASwitchThatSetsDamageAside() throws Exception {
    assertThat(LauncherOptions.parse().journalRepair()).isEqualTo(dev.signpost.core.storage.RepairMode.REFUSE);
    assertThat(LauncherOptions.parse("--repair-journal").journalRepair())
        .isEqualTo(dev.signpost.core.storage.RepairMode.SET_ASIDE);
    assertThat(LauncherOptions.parse("--repair-journal=false").journalRepair())
        .isEqualTo(dev.signpost.core.storage.RepairMode.REFUSE);
  }

  @Test
  void boundFlagsTakeCountsDurationsAndRanges() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--tcp-max-clients", "50", "--tcp-idle-timeout=1m30s",
        "--tcp-io-timeout", "500ms", "--http-idle-timeout", "5s", "--http-request-timeout=2s",
        "--http-max-connections", "64", "--rate-limit", "50", "--rate-limit-slip", "0",
        "--rate-limit-exempt", "10.0.0.0/8", "--rate-limit-exempt=fd00::/8", "--health-max-probes-per-target", "4",
        "--health-max-probes=512");
    assertThat(o.dnsLimits().tcpMaxClients()).isEqualTo(50);
    assertThat(o.dnsLimits().tcpIdleTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(o.dnsLimits().tcpIoTimeout()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(o.http().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(o.http().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(o.http().maxConnections()).isEqualTo(64);
    assertThat(o.dnsLimits().rateLimit().perSecond()).isEqualTo(50);
    assertThat(o.dnsLimits().rateLimit().slip()).isZero();
    assertThat(o.dnsLimits().rateLimit().exempt()).hasSize(2);
    assertThat(o.probes()).isEqualTo(new dev.signpost.core.health.ProbeLimits(4, 512));
  }

  @Test
  void checkAllowAndCheckDenyAreRepeatableAndEmptyByDefault() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--check-allow", "10.0.0.0/8", "--check-allow=fd00::/8",
        "--check-deny", "10.9.0.0/16");
    assertThat(o.checkAllow()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
    assertThat(o.checkDeny()).containsExactly(Cidr.parse("10.9.0.0/16"));
    assertThat(LauncherOptions.parse().checkAllow()).isEmpty();
    assertThat(LauncherOptions.parse().checkDeny()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--tcp-io-timeout=0s|--tcp-io-timeout must be longer than 0, got '0s'",
      "--http-idle-timeout=soon|--http-idle-timeout must be a duration such as 500ms, 2s or 1m, got 'soon'",
      "--tcp-max-clients=0|--tcp-max-clients must be between 1 and 1000000, got 0",
      "--rate-limit=-1|--rate-limit must be between 0 and 1000000000, got -1",
      "--rate-limit-slip=101|--rate-limit-slip must be between 0 and 100, got 101",
      "--rate-limit-exempt=10.0.0/8|--rate-limit-exempt: invalid CIDR '10.0.0/8'",
      "--check-allow=10.0.0.0/33|--check-allow: invalid CIDR '10.0.0.0/33'",
      "--check-deny=nope|--check-deny: invalid CIDR 'nope'",
      "--health-max-probes=0|--health-max-probes must be between 1 and 1000000, got 0",
      "--health-max-probes-per-target=x|--health-max-probes-per-target must be a whole number, got 'x'",
      "--health-max-probes=4|--health-max-probes-per-target (8) must not be more than --health-max-probes (4)"})
  void badBoundsAreRefusedNamingTheFlag(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void everyFlagTakesBothSpellings() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--dns-addr", "::1", "--dns-port=53", "--http-addr=0.0.0.0",
        "--http-port", "9500", "--domain", "Consul.Example.", "--data-dir=/var/lib/signpost", "--ttl", "30");
    assertThat(o.dnsAddress()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(o.dnsPort()).isEqualTo(53);
    assertThat(o.httpAddress().isAnyLocalAddress()).isTrue();
    assertThat(o.httpPort()).isEqualTo(9500);
    assertThat(o.domain()).isEqualTo("Consul.Example");
    assertThat(o.dataDir()).isEqualTo(Path.of("/var/lib/signpost"));
    assertThat(o.ttl()).isEqualTo(30);
  }

  @Test
  void loadBalancingFlagsSetTheDefaultStrategyTheLimitAndTheClientZones() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--lb", "zone-aware", "--answer-limit=3",
        "--client-zone", "10.9.0.0/16=a", "--client-zone=2001:db8::/32=b", "--dns-only-passing", "--dns-fail-open=true");
    assertThat(o.strategy()).isEqualTo("zone-aware");
    assertThat(o.answerLimit()).isEqualTo(3);
    assertThat(o.clientZones().zoneOf(InetAddress.getByName("10.9.200.1"))).contains("a");
    assertThat(o.clientZones().zoneOf(InetAddress.getByName("2001:db8::7"))).contains("b");
    assertThat(o.clientZones().zoneOf(InetAddress.getByName("10.10.0.1"))).isEmpty();
    assertThat(o.healthFilter().onlyPassing()).isTrue();
    assertThat(o.healthFilter().failOpen()).isTrue();
    assertThat(LauncherOptions.parse().strategy()).isEqualTo("round-robin");
  }

  @Test
  void resolverFlagsRepeatAndDefaultToNoForwardingAndPrivateRecursion() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--upstream", "192.0.2.1", "--upstream=[2001:db8::1]:5353",
        "--zone-file", "a.zone", "--zone-file=b.zone", "--chaos-version", "signpost 0.1");
    assertThat(o.upstreams()).hasSize(2);
    assertThat(o.zoneFiles()).containsExactly(Path.of("a.zone"), Path.of("b.zone"));
    assertThat(o.chaosVersion()).contains("signpost 0.1");
    assertThat(o.recursion().allows(InetAddress.getByName("192.168.1.9"))).isTrue();
    assertThat(o.recursion().allows(InetAddress.getByName("203.0.113.9"))).isFalse();
    LauncherOptions strict = LauncherOptions.parse("--recursion-allow", "203.0.113.0/24");
    assertThat(strict.recursion().allows(InetAddress.getByName("203.0.113.9"))).isTrue();
    assertThat(strict.recursion().allows(InetAddress.getByName("127.0.0.1"))).as("the flag replaces the default").isFalse();
    assertThat(LauncherOptions.parse().upstreams()).isEmpty();
  }

  @Test
  void tlsFlagsNameTheFilesAndTheApiIsPlainHttpWithoutThem() throws Exception {
    assertThat(LauncherOptions.parse().httpTls()).isEmpty();
    LauncherOptions o = LauncherOptions.parse("--http-tls-cert", "cert.pem", "--http-tls-key=key.pem");
    assertThat(o.httpTls()).hasValueSatisfying(tls -> {
      assertThat(tls.certificate()).isEqualTo(Path.of("cert.pem"));
      assertThat(tls.key()).isEqualTo(Path.of("key.pem"));
      assertThat(tls.clientCa()).isEmpty();
    });
    assertThat(LauncherOptions.parse("--http-tls-cert", "cert.pem", "--http-tls-key=key.pem",
        "--http-tls-client-ca", "ca.pem").httpTls().orElseThrow().clientCa()).contains(Path.of("ca.pem"));
  }

  @Test
  void allowedHostsRepeat() throws Exception {
    assertThat(LauncherOptions.parse().httpAllowedHosts()).isEmpty();
    assertThat(LauncherOptions.parse("--http-allowed-host", "api.internal", "--http-allowed-host=10.0.0.5")
        .httpAllowedHosts()).containsExactly("api.internal", "10.0.0.5");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --http-tls-cert=c.pem                              | --http-tls-cert needs --http-tls-key
      --http-tls-key=k.pem                               | --http-tls-key needs --http-tls-cert
      --http-tls-client-ca=ca.pem                        | --http-tls-client-ca needs --http-tls-cert and --http-tls-key
      --http-tls-client-ca=ca.pem --http-tls-cert=c.pem  | --http-tls-cert needs --http-tls-key
      --http-allowed-host=api.internal:8500 | --http-allowed-host must be a host name or an IP address, without a port
      --http-allowed-host=https://x.example | --http-allowed-host must be a host name or an IP address, without a port
      """)
  void tlsFlagsGoTogetherAndAllowedHostsAreHosts(String args, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(args.split(" "))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void clusterFlagsNameTheEtcdMembersAndTheNode() throws Exception {
    LauncherOptions.ClusterOptions single = LauncherOptions.parse().cluster();
    assertThat(single.enabled()).isFalse();
    assertThat(single.prefix()).isEqualTo("/signpost/");
    assertThat(single.datacenter()).isEqualTo("dc1");
    assertThat(single.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(single.timeout()).isEqualTo(Duration.ofSeconds(10));

    LauncherOptions.ClusterOptions cluster = LauncherOptions.parse("--etcd", "http://127.0.0.1:2379",
        "--etcd=https://10.0.0.2:2379", "--etcd-prefix=/prod/", "--node-name", "node-1", "--datacenter=eu_1",
        "--etcd-lease-ttl=5s", "--etcd-timeout=3s").cluster();
    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.etcd()).containsExactly("http://127.0.0.1:2379", "https://10.0.0.2:2379");
    assertThat(List.of(cluster.prefix(), cluster.nodeName(), cluster.datacenter()))
        .containsExactly("/prod/", "node-1", "eu_1");
    assertThat(cluster.leaseTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cluster.timeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --etcd=127.0.0.1:2379          | --etcd must be a URL such as http://127.0.0.1:2379
      --etcd=ftp://127.0.0.1:2379    | --etcd must be a URL such as http://127.0.0.1:2379
      --etcd=http://127.0.0.1        | --etcd must be a URL such as http://127.0.0.1:2379
      --etcd-prefix=signpost         | --etcd-prefix must start and end with '/'
      --node-name=node_1             | --node-name must be 1 to 63 letters, digits or '-'
      --node-name=-node              | --node-name must be 1 to 63 letters, digits or '-'
      --datacenter=dc.1              | --datacenter must be 1 to 64 letters, digits, '_' or '-'
      --etcd-lease-ttl=1s            | --etcd-lease-ttl must be whole seconds, at least 2s
      --etcd-lease-ttl=2500ms        | --etcd-lease-ttl must be whole seconds, at least 2s
      --etcd-timeout=0s              | --etcd-timeout must be longer than 0
      """)
  void badClusterFlagsNameTheFlagAndTheProblem(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void ioDefaultsToAutoAndTakesEachTransportInBothSpellings() throws Exception {
    assertThat(LauncherOptions.parse().io()).isEqualTo("auto");
    assertThat(LauncherOptions.parse("--io", "io_uring").io()).isEqualTo("io_uring");
    assertThat(LauncherOptions.parse("--io=epoll").io()).isEqualTo("epoll");
    assertThat(LauncherOptions.parse("--io", "nio").io()).isEqualTo("nio");
    assertThat(LauncherOptions.parse("--io=io_uring", "--io=auto").io()).isEqualTo("auto");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --io=uring     | --io must be one of io_uring, epoll, nio, auto, got 'uring'
      --io=EPOLL     | --io must be one of io_uring, epoll, nio, auto, got 'EPOLL'
      --io=          | --io must be one of io_uring, epoll, nio, auto, got ''
      --io           | option --io needs a value
      """)
  void ioNamesOnlyTheTransportsItKnows(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void logsAreTextAtInfoUnlessLogFormatAndLogLevelSayOtherwise() throws Exception {
    assertThat(LauncherOptions.parse().logging()).isEqualTo(new LogOptions(LogOptions.Format.TEXT,
        LogOptions.Severity.INFO));
    assertThat(LauncherOptions.parse("--log-format", "json", "--log-level=debug").logging())
        .isEqualTo(new LogOptions(LogOptions.Format.JSON, LogOptions.Severity.DEBUG));
    assertThat(LauncherOptions.parse(java.util.Map.of("SIGNPOST_LOG_FORMAT", "json", "SIGNPOST_LOG_LEVEL", "trace"))
        .logging()).isEqualTo(new LogOptions(LogOptions.Format.JSON, LogOptions.Severity.TRACE));
    assertThat(LauncherOptions.parse("--log-level", "error").logging().level().jul())
        .isEqualTo(java.util.logging.Level.SEVERE);
    assertThat(LauncherOptions.parse("--log-level", "warn").logging().level().jul())
        .isEqualTo(java.util.logging.Level.WARNING);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --log-format=yaml   | --log-format must be text or json, got 'yaml'
      --log-format=JSON   | --log-format must be text or json, got 'JSON'
      --log-format        | option --log-format needs a value
      --log-level=fatal   | --log-level must be error, warn, info, debug or trace, got 'fatal'
      --log-level=warning | --log-level must be error, warn, info, debug or trace, got 'warning'
      --log-level=        | --log-level must be error, warn, info, debug or trace, got ''
      """)
  void logFlagsTakeOnlyTheNamesTheyList(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void advertiseAddrIsAnAddressOthersReachAndEmptyByDefault() throws Exception {
    assertThat(LauncherOptions.parse().advertiseAddress()).isEmpty();
    assertThat(LauncherOptions.parse("--dns-addr", "0.0.0.0", "--advertise-addr", "192.0.2.10").advertiseAddress())
        .contains(InetAddress.getByName("192.0.2.10"));
    assertThatThrownBy(() -> LauncherOptions.parse("--advertise-addr", "0.0.0.0")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--advertise-addr must be an address others reach this server at");
    assertThatThrownBy(() -> LauncherOptions.parse("--advertise-addr", "ns.example")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--advertise-addr must be an IP address");
  }

  @Test
  void helpReturnsNoOptions() throws Exception {
    assertThat(LauncherOptions.parse("--help")).isNull();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --bogus                  | unknown option '--bogus'
      --dns-port               | option --dns-port needs a value
      --dns-port=abc           | --dns-port must be a whole number, got 'abc'
      --http-port=-1           | --http-port must be between 0 and 65535, got -1
      --dns-addr=example.com   | --dns-addr must be an IP address, got 'example.com'
      --ttl=-5                 | --ttl must be between 0 and 2147483647, got -5
      --domain=a..b            | domain 'a..b' is not a valid DNS name
      --lb=fastest             | --lb: unknown strategy 'fastest'; use one of: ip-hash, latency, least-connections, random, round-robin, weighted, zone-aware
      --answer-limit=-1        | --answer-limit must be between 0 and 65535, got -1
      --client-zone=10.9.0.0/16 | --client-zone:
      --client-zone=10.9.0.0/40=a | --client-zone:
      --dns-fail-open=maybe    | --dns-fail-open is a switch
      --upstream=resolver.example | --upstream:
      --upstream=10.0.0.1:99999 | --upstream:
      --recursion-allow=10.0.0.0/99 | --recursion-allow:
      --chaos-version          | option --chaos-version needs a value
      """)
  void badFlagsNameTheFlagAndTheProblem(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void transferFlagsAreRepeatableAndNobodyTransfersByDefault() throws Exception {
    assertThat(LauncherOptions.parse().transfers().enabled()).isFalse();
    assertThat(LauncherOptions.parse().transfers().ixfrHistory()).isEqualTo(10_000);
    LauncherOptions o = LauncherOptions.parse("--transfer-allow", "10.0.0.0/8", "--transfer-allow", "::1/128",
        "--tsig-key", "xfr:hmac-sha256:c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE=", "--transfer-max", "3",
        "--ixfr-history", "5");
    assertThat(o.transfers().allow()).hasSize(2);
    assertThat(o.transfers().keys()).hasSize(1);
    assertThat(o.transfers().maxTransfers()).isEqualTo(3);
    assertThat(o.transfers().ixfrHistory()).isEqualTo(5);
    assertThat(o.transfers().enabled()).isTrue();
  }

  @Test
  void aBadTsigKeyIsAUsageErrorNamingTheFlag() {
    assertThatThrownBy(() -> LauncherOptions.parse("--tsig-key", "xfr:hmac-md5:c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE="))
        .isInstanceOf(UsageException.class).hasMessageContaining("--tsig-key").hasMessageContaining("hmac-md5");
  }

  @Test
  void passiveHealthIsOffByDefaultAndItsSwitchTurnsItOnForEveryService() throws Exception {
    assertThat(LauncherOptions.parse().passive()).isEqualTo(new PassiveOptions(false, 1000));

    LauncherOptions o = LauncherOptions.parse("--passive-health", "--passive-max-batch", "50");

    assertThat(o.passive()).isEqualTo(new PassiveOptions(true, 50));
    assertThat(LauncherOptions.parse(Map.of("SIGNPOST_PASSIVE_HEALTH", "true")).passive().enabledByDefault()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--passive-max-batch=0       | --passive-max-batch must be between 1 and 1000000, got 0",
      "--passive-max-batch=2000000 | --passive-max-batch must be between 1 and 1000000, got 2000000",
      "--passive-health=maybe      | --passive-health is a switch"})
  void badPassiveFlagsNameTheFlag(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void notifyTargetsAreRepeatableAndNoneByDefault() throws Exception {
    assertThat(LauncherOptions.parse().notifyTargets()).isEmpty();
    LauncherOptions o = LauncherOptions.parse("--notify", "192.0.2.1", "--notify", "[::1]:5300@xfr",
        "--tsig-key", "xfr:hmac-sha256:c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE=");
    assertThat(o.notifyTargets()).extracting(Object::toString)
        .containsExactly("192.0.2.1:53", "[0:0:0:0:0:0:0:1]:5300@xfr");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--notify=secondary.example | --notify: invalid notify target 'secondary.example'",
      "--notify=192.0.2.1:0       | --notify: invalid notify target '192.0.2.1:0'",
      "--notify=192.0.2.1@nokey   | --notify 192.0.2.1:53@nokey: no --tsig-key is named nokey"})
  void aBadNotifyTargetIsAUsageErrorNamingIt(String arg, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(arg)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theSameNotifyTargetTwiceIsAUsageError() {
    assertThatThrownBy(() -> LauncherOptions.parse("--notify", "192.0.2.1", "--notify", "192.0.2.1:53"))
        .isInstanceOf(UsageException.class).hasMessageContaining("--notify 192.0.2.1:53 is given twice");
  }
}
