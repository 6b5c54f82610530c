package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 13 with the packaged jar on a real, small volume (a tmpfs, which needs root; skipped otherwise):
 * fill the disk and writes get 507 with Retry-After and are served by nobody; health still drives DNS;
 * free space and writes come back without a restart; after a crash every acknowledged registration is
 * there and no refused one is.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FullDiskIT {

  private static final long MIB = 1024 * 1024;

  @TempDir
  Path tmp;

  @Test
  void aFullDiskRefusesWritesCleanlyKeepsHealthLiveAndRecoversWhenSpaceIsFreed() throws Exception {
    Path volume = mountTmpfs(tmp.resolve("vol"), 4 * MIB);
    try {
      // Most of the volume goes to a filler file, freed later as an operator would.
      Path filler = volume.resolve("filler");
      try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
        f.write(new byte[(int) (3 * MIB)]);
      }
      Path dataDir = volume.resolve("data");
      List<String> acknowledged = new ArrayList<>();
      String refused;
      try (SignpostProcess server = SignpostProcess.start(dataDir)) {
        TestClients.register(server.api, "{\"ID\":\"steady\",\"Name\":\"beat\",\"Address\":\"10.1.0.1\",\"Port\":80}");
        TestClients.register(server.api, "{\"ID\":\"beating\",\"Name\":\"beat\",\"Address\":\"10.1.0.2\",\"Port\":80,"
            + "\"Check\":{\"CheckID\":\"beating-ttl\",\"TTL\":\"5m\"}}");
        assertThat(put(server, "/v1/agent/check/pass/beating-ttl").statusCode()).isEqualTo(200);
        assertThat(addresses(server, "beat.service.local.")).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2");

        HttpResponse<String> full = null;
        for (int i = 0; i < 50_000 && full == null; i++) {
          String id = "svc-" + i;
          HttpResponse<String> r = TestClients.http(server.api, "PUT", "/v1/agent/service/register",
              "{\"ID\":\"" + id + "\",\"Name\":\"" + id + "\",\"Address\":\"10.2.0.1\",\"Port\":80,"
                  + "\"Meta\":{\"pad\":\"" + "x".repeat(400) + "\"}}");
          if (r.statusCode() == 200) {
            acknowledged.add(id);
          } else {
            full = r;
          }
        }
        assertThat(full).as("the volume never filled").isNotNull();
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(full.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(s).matches("\\d+"));
        assertThat(full.body()).contains("No space left");
        assertThat(acknowledged).as("a small volume takes records until it is really full").isNotEmpty();
        refused = "svc-" + acknowledged.size();

        // Nothing that got an error is served; what was acknowledged is.
        assertThat(TestClients.query(server.dns, false, refused + ".service.local.", Type.A).getRcode())
            .isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(server, acknowledged.get(acknowledged.size() - 1) + ".service.local."))
            .containsExactly("10.2.0.1");
        assertThat(TestClients.http(server.api, "GET", "/v1/agent/self", null).body()).contains("failing: ");
        assertThat(TestClients.http(server.api, "GET", "/metrics", null).body())
            .contains("signpost_store_healthy{store=\"embedded\"} 0.0");
        assertThat(TestClients.http(server.api, "PUT", "/v1/agent/service/deregister/steady", null).statusCode())
            .isEqualTo(507);

        // Health never depends on the disk.
        assertThat(put(server, "/v1/agent/check/fail/beating-ttl").statusCode()).isEqualTo(200);
        assertThat(addresses(server, "beat.service.local.")).containsExactly("10.1.0.1");
        assertThat(put(server, "/v1/agent/check/pass/beating-ttl").statusCode()).isEqualTo(200);
        assertThat(addresses(server, "beat.service.local.")).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2");

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
            TestClients.http(server.api, "PUT", "/v1/agent/service/register",
                "{\"ID\":\"after\",\"Name\":\"after\",\"Address\":\"10.3.0.1\",\"Port\":80}").statusCode() == 200);
        acknowledged.add("after");
        assertThat(addresses(server, "after.service.local.")).containsExactly("10.3.0.1");
        server.kill();
      }

      try (SignpostProcess restarted = SignpostProcess.start(dataDir)) {
        String services = TestClients.http(restarted.api, "GET", "/v1/agent/services", null).body();
        for (String id : acknowledged) {
          assertThat(services).contains("\"" + id + "\"");
        }
        assertThat(services).contains("\"steady\"", "\"beating\"").doesNotContain("\"" + refused + "\"");
      }
    } finally {
      run("umount", "-l", volume.toString());
    }
  }

  private static HttpResponse<String> put(SignpostProcess server, String path) throws Exception {
    return TestClients.http(server.api, "PUT", path, null);
  }

  private static List<String> addresses(SignpostProcess server, String name) throws IOException {
    Message reply = TestClients.query(server.dns, false, name, Type.A);
    return reply.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).toList();
  }

  /** Mounts a tmpfs of {@code bytes} on {@code dir}, or skips the test saying why it cannot. */
  private static Path mountTmpfs(Path dir, long bytes) throws Exception {
    Files.createDirectories(dir);
    String failed = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString());
    Assumptions.assumeTrue(failed == null, () -> "skipped: cannot mount a small tmpfs for the disk-full test ("
        + failed + "); run as root to include it");
    return dir;
  }

  /** Runs a command; null when it succeeded, else what it said. */
  private static String run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return command[0] + " did not finish";
      }
      String said = new String(p.getInputStream().readAllBytes()).strip();
      return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + said;
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
