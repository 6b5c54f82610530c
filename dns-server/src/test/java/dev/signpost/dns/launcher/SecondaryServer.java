package dev.signpost.dns.launcher;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Knot DNS or NSD (Debian's {@code knot} and {@code nsd}) as a secondary of Signpost's registry zone, run by a test as
 * a child process in the foreground, as the current user, on an ephemeral loopback port, with its configuration,
 * storage, pid and state files in the test's temporary directory; configured as each one's documentation shows
 * (Knot: {@code remote}, {@code acl} with {@code action: notify}, {@code zone} with {@code master}; NSD: {@code zone}
 * with {@code request-xfr} and {@code allow-notify}), with a TSIG key when given. Stopped and started again on the
 * same port and storage, to be a secondary that was down.
 */
final class SecondaryServer implements AutoCloseable {

  /** The daemons, by their executables. */
  enum Kind {
    KNOT("knotd"), NSD("nsd");

    final String binary;

    Kind(String binary) {
      this.binary = binary;
    }
  }

  /** A TSIG key as both sides spell it. */
  record Key(String name, String algorithm, String secret) {
    String flag() {
      return name + ":" + algorithm + ":" + secret;
    }
  }

  final Kind kind;
  final InetSocketAddress dns;
  private final String zone;
  private final Optional<Key> key;
  private final Path dir;
  private final Path executable;
  private final Path config;
  private final Path log;
  private Process process;

  private SecondaryServer(Kind kind, Path executable, Path dir, int port, String zone, Optional<Key> key) {
    this.kind = kind;
    this.zone = zone;
    this.key = key;
    this.executable = executable;
    this.dir = dir;
    this.dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    this.config = dir.resolve(kind.binary + ".conf");
    this.log = dir.resolve(kind.binary + ".log");
  }

  /** The daemon's executable, when installed. */
  static Optional<Path> binary(Kind kind) {
    return ProxiedTraffic.binary(kind.binary);
  }

  /**
   * Writes the configuration of a secondary of {@code zone} at {@code primary}, on a port free now for UDP and TCP;
   * not started yet (Signpost needs the port for {@code --notify} first).
   */
  static SecondaryServer configure(Kind kind, Path executable, Path dir, String zone, Optional<Key> key)
      throws IOException {
    Files.createDirectories(dir.resolve("run")); // Knot's rundir and storage must exist
    Files.createDirectories(dir.resolve("storage"));
    int port = freeUdpAndTcpPort();
    return new SecondaryServer(kind, executable, dir, port, zone, key);
  }

  /** {@code 127.0.0.1:PORT} as {@code --notify} takes it, with {@code @KEY} when signed. */
  String notifyFlag() {
    return "127.0.0.1:" + dns.getPort() + key.map(k -> "@" + k.name()).orElse("");
  }

  /** Writes the configuration for {@code primary} and starts the daemon; returns once it answers. */
  void start(InetSocketAddress primary) throws IOException, InterruptedException {
    Files.writeString(config, kind == Kind.KNOT ? knotConfig(primary) : nsdConfig(primary), StandardCharsets.UTF_8);
    ProcessBuilder builder = kind == Kind.KNOT
        ? new ProcessBuilder(executable.toString(), "-c", config.toString())
        : new ProcessBuilder(executable.toString(), "-d", "-c", config.toString());
    process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(kind.binary + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        TestClients.query(dns, false, "version.server.", Type.TXT);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50); // polling a child process's readiness, not a state of ours
      }
    }
    throw new AssertionError(kind.binary + " did not answer on " + dns + ": " + log());
  }

  private String knotConfig(InetSocketAddress primary) {
    String keys = key.map(k -> """
        key:
          - id: %s
            algorithm: %s
            secret: %s
        """.formatted(k.name(), k.algorithm(), k.secret())).orElse("");
    String keyRef = key.map(k -> "\n    key: " + k.name()).orElse("");
    return """
        server:
            rundir: "%1$s/run"
            listen: 127.0.0.1@%2$d
        log:
          - target: stderr
            any: info
        database:
            storage: "%1$s/storage"
        %3$s
        remote:
          - id: signpost
            address: %4$s@%5$d%6$s
        acl:
          - id: notify_from_signpost
            address: %4$s
            action: notify%6$s
        template:
          - id: default
            storage: "%1$s/storage"
        zone:
          - domain: %7$s
            master: signpost
            acl: notify_from_signpost
            zonefile-sync: -1
            zonefile-load: none
            journal-content: all
        """.formatted(dir, dns.getPort(), keys, primary.getAddress().getHostAddress(), primary.getPort(),
        keyRef, zone);
  }

  private String nsdConfig(InetSocketAddress primary) {
    String keys = key.map(k -> """
        key:
            name: "%s"
            algorithm: %s
            secret: "%s"
        """.formatted(k.name(), k.algorithm(), k.secret())).orElse("");
    String keyRef = key.map(Key::name).orElse("NOKEY");
    return """
        server:
            ip-address: 127.0.0.1@%1$d
            username: ""
            chroot: ""
            zonesdir: "%2$s"
            database: ""
            zonefiles-write: 1
            pidfile: "%2$s/nsd.pid"
            xfrdfile: "%2$s/xfrd.state"
            xfrdir: "%2$s"
            zonelistfile: "%2$s/zone.list"
            server-count: 1
            verbosity: 2
        remote-control:
            control-enable: no
        %3$s
        zone:
            name: "%4$s"
            zonefile: "%4$s.zone"
            allow-notify: %5$s %6$s
            request-xfr: %5$s@%7$d %6$s
        """.formatted(dns.getPort(), dir, keys, zone, primary.getAddress().getHostAddress(), keyRef,
        primary.getPort());
  }

  /**
   * Waits until what the daemon serves would survive a restart: NSD writes a transferred zone to its zone file once a
   * second ({@code zonefiles-write: 1}; the default with no database is an hour), Knot keeps it in its journal as it
   * commits it ({@code journal-content: all}).
   */
  void awaitPersisted() {
    if (kind != Kind.NSD) {
      return;
    }
    Path file = dir.resolve(zone + ".zone");
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      long served = soaSerial();
      if (!Files.exists(file)) {
        return false;
      }
      try (Master master = new Master(file.toString(), Name.fromString(zone + "."))) {
        for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
          if (r instanceof SOARecord soa) {
            return soa.getSerial() == served;
          }
        }
      } catch (IOException halfWritten) {
        // read again
      }
      return false;
    });
  }

  private long soaSerial() throws IOException {
    return TestClients.query(dns, false, zone + ".", Type.SOA).getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof SOARecord).mapToLong(r -> ((SOARecord) r).getSerial()).findFirst().orElse(-1);
  }

  /** Stops the daemon (SIGTERM, as its service manager does) and waits for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** What the daemon logged so far. */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** A port free just now for both UDP and TCP on loopback (a DNS server needs both). */
  private static int freeUdpAndTcpPort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = ProxiedTraffic.freePort(InetAddress.getLoopbackAddress());
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both UDP and TCP on loopback");
  }
}
