package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's walkthrough, run with the real {@code dig} against the packaged jar (skipped without dig). */
class DigWalkthroughIT {

  @TempDir
  Path dataDir;

  @BeforeAll
  static void needsDig() {
    assumeTrue(onPath("dig"), "dig is not installed (apt-get install bind9-dnsutils)");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Path.of(dir, tool).toFile().canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static String dig(SignpostProcess server, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "@" + server.dns.getAddress().getHostAddress(),
        "-p", String.valueOf(server.dns.getPort()), "+time=5", "+tries=1"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void theReadmeWalkthroughWorksWithDig() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir)) {
      TestClients.register(server.api, """
          {"ID": "user-1", "Name": "user-service", "Address": "10.0.0.11", "Port": 8080, "Tags": ["v1"]}""");
      TestClients.register(server.api, """
          {"ID": "user-2", "Name": "user-service", "Address": "10.0.0.12", "Port": 8081, "Tags": ["v2"]}""");

      String srv = dig(server, "SRV", "_user-service._tcp.service.local");
      assertThat(srv).contains("status: NOERROR").contains("flags: qr aa")
          .contains("1 1 8080 0a00000b.addr.service.local.")
          .contains("1 1 8081 0a00000c.addr.service.local.")
          .containsPattern("0a00000b\\.addr\\.service\\.local\\.\\s+5\\s+IN\\s+A\\s+10\\.0\\.0\\.11");

      assertThat(dig(server, "+short", "A", "user-service.service.local").lines().sorted().toList())
          .containsExactly("10.0.0.11", "10.0.0.12");
      assertThat(dig(server, "+short", "A", "v2.user-service.service.local").strip()).isEqualTo("10.0.0.12");
      assertThat(dig(server, "+short", "SRV", "_user-service._v1.service.local").strip())
          .isEqualTo("1 1 8080 0a00000b.addr.service.local.");

      String unknown = dig(server, "A", "nothing-here.service.local");
      assertThat(unknown).contains("status: NXDOMAIN").containsPattern("(?s)AUTHORITY SECTION:.*SOA");

      String tcp = dig(server, "+tcp", "+short", "A", "user-service.service.local");
      assertThat(tcp.lines().count()).isEqualTo(2);

      // The same names come back after a crash and a restart.
      server.kill();
    }
    try (SignpostProcess again = SignpostProcess.start(dataDir)) {
      assertThat(dig(again, "+short", "A", "user-service.service.local").lines().count()).isEqualTo(2);
    }
  }
}
