package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The jar's command line: clear one-line errors and exit code 2 for what a user can get wrong. */
class CommandLineIT {

  @TempDir
  Path dir;

  @Test
  void unknownFlagExitsWithTwo() throws Exception {
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--no-such-flag", "1"), "unknown option '--no-such-flag'");
  }

  @Test
  void badValueNamesTheFlag() throws Exception {
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", "99999"), "--dns-port must be between 0 and 65535");
  }

  @Test
  void aNamedTransportThatCannotRunExitsWithTwoInsteadOfFallingBack() throws Exception {
    // Netty's switch that keeps every native transport from loading: io_uring cannot run, whatever the kernel.
    SignpostProcess.assertFailsWith(SignpostProcess.launch(List.of("-Xmx256m", "-Dio.netty.transport.noNative=true"),
        "--io", "io_uring", "--dns-port", "0", "--http-port", "0", "--data-dir", dir.resolve("d").toString()),
        "signpost: --io io_uring: io_uring unavailable: ");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void dnsPortInUseExitsWithTwo() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", String.valueOf(taken.getLocalPort()), "--http-port", "0",
          "--data-dir", dir.resolve("d").toString()), "cannot listen for DNS (UDP) on");
    }
  }

  /** UDP sockets share the port (SO_REUSEPORT), so the TCP socket, bound first, is what refuses a second server. */
  @Test
  void aSecondServerOnTheSameDnsPortExitsWithTwoAndTheFirstKeepsAnswering() throws Exception {
    try (SignpostProcess first = SignpostProcess.start(dir.resolve("first"))) {
      SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", String.valueOf(first.dns.getPort()), "--http-port", "0",
          "--data-dir", dir.resolve("second").toString()), "cannot listen for DNS (TCP) on");
      SimpleResolver resolver = new SimpleResolver(first.dns);
      resolver.setTimeout(Duration.ofSeconds(2));
      Message reply = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("service.local."), Type.SOA,
          DClass.IN)));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
    }
  }

  @Test
  void httpPortInUseExitsWithTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", "0", "--http-port", String.valueOf(taken.getLocalPort()),
          "--data-dir", dir.resolve("d").toString()), String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void unusableDataDirExitsWithTwo() throws Exception {
    // A path below a regular file can never be a directory, even for root.
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", "0", "--http-port", "0",
        "--data-dir", file.resolve("data").toString()), file.resolve("data").toString());
  }

  @Test
  void helpPrintsEveryFlagAndExitsZero() throws Exception {
    try (SignpostProcess p = SignpostProcess.launch("--help")) {
      assertThat(p.awaitExit()).isZero();
    }
  }

  @Test
  void versionPrintsTheBuildsVersionAndExitsZeroAndTheStartLineSaysItToo() throws Exception {
    String version = dev.signpost.core.SignpostVersion.current();
    try (SignpostProcess p = SignpostProcess.launch("--version")) {
      assertThat(p.awaitExit()).isZero();
      assertThat(p.nextLine()).isEqualTo("signpost " + version);
      assertThat(p.stderr()).isEmpty();
    }
    try (SignpostProcess p = SignpostProcess.start(dir.resolve("d"))) {
      assertThat(p.startLine).startsWith("signpost " + version + ": answering DNS for service.local. on ");
    }
  }

  @Test
  void aConfigFileSetsTheFlagsItNames() throws Exception {
    Path config = dir.resolve("signpost.yaml");
    Files.writeString(config, "domain: service.internal\nttl: 17\n");
    try (SignpostProcess p = SignpostProcess.start(dir.resolve("d"), "--config", config.toString())) {
      assertThat(soa(p, "service.internal.").getTTL()).isEqualTo(17);
    }
  }

  @Test
  void environmentVariablesSetFlagsUnderTheCommandLine() throws Exception {
    try (SignpostProcess p = SignpostProcess.start(Map.of("SIGNPOST_DOMAIN", "service.internal", "SIGNPOST_TTL", "17",
        "SIGNPOST_DNS_PORT", "1"), List.of("-Xmx256m"), dir.resolve("d"))) {
      // start() gives --dns-port 0 on the command line, which wins over SIGNPOST_DNS_PORT.
      assertThat(p.dns.getPort()).isNotEqualTo(1);
      assertThat(soa(p, "service.internal.").getTTL()).isEqualTo(17);
    }
  }

  @Test
  void anUnknownConfigKeyOrVariableExitsWithTwo() throws Exception {
    Path config = dir.resolve("signpost.json");
    Files.writeString(config, "{\"dns-prot\": 8600}");
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--config", config.toString()),
        "signpost: in " + config + ": unknown key 'dns-prot' (see --help)");
    SignpostProcess.assertFailsWith(SignpostProcess.launch(Map.of("SIGNPOST_DNS_PROT", "8600"), List.of("-Xmx256m")),
        "signpost: unknown environment variable SIGNPOST_DNS_PROT (see --help)");
  }

  private static Record soa(SignpostProcess p, String zone) throws Exception {
    SimpleResolver resolver = new SimpleResolver(p.dns);
    resolver.setTimeout(Duration.ofSeconds(2));
    Message reply = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
    return reply.getSection(Section.ANSWER).get(0);
  }
}
