package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Every registration acknowledged with 200 survives SIGKILL of the packaged server. */
class CrashRecoveryIT {

  @TempDir
  Path dataDir;

  @Test
  void everyAcknowledgedRegistrationSurvivesKillDashNine() throws Exception {
    int services = 20;
    int perService = 10;
    List<String> acknowledged = new ArrayList<>();
    try (SignpostProcess first = SignpostProcess.start(dataDir)) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int s = 0; s < services; s++) {
          for (int i = 0; i < perService; i++) {
            String id = "svc" + s + "-" + i;
            String body = "{\"ID\": \"" + id + "\", \"Name\": \"svc" + s + "\", \"Address\": \"10.3." + s + "." + (i + 1)
                + "\", \"Port\": " + (8000 + i) + ", \"Tags\": [\"t" + (i % 2) + "\"], \"Meta\": {\"n\": \"" + i + "\"}}";
            results.add(pool.submit(() -> {
              HttpResponse<String> r = TestClients.http(first.api, "PUT", "/v1/agent/service/register", body);
              return r.statusCode() == 200 ? id : null;
            }));
          }
        }
        for (Future<String> f : results) {
          String id = f.get(60, TimeUnit.SECONDS);
          if (id != null) {
            acknowledged.add(id);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      // A deregistration is a change too: it must not come back.
      assertThat(TestClients.http(first.api, "PUT", "/v1/agent/service/deregister/svc0-0", null).statusCode())
          .isEqualTo(200);
      acknowledged.remove("svc0-0");
      first.kill();
    }
    assertThat(acknowledged).hasSize(services * perService - 1);

    try (SignpostProcess second = SignpostProcess.start(dataDir)) {
      String services2 = TestClients.http(second.api, "GET", "/v1/agent/services", null).body();
      for (String id : acknowledged) {
        assertThat(services2).contains("\"" + id + "\"");
      }
      assertThat(services2).doesNotContain("\"svc0-0\"");
      for (int s = 0; s < services; s++) {
        Message m = TestClients.query(second.dns, true, "svc" + s + ".service.local.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(s == 0 ? perService - 1 : perService);
      }
      Message tagged = TestClients.query(second.dns, false, "t1.svc5.service.local.", Type.SRV);
      assertThat(tagged.getSection(Section.ANSWER)).hasSize(perService / 2);
    }
  }

  @Test
  void aCleanStopOnSigtermExitsZeroAndKeepsEverything() throws Exception {
    try (SignpostProcess first = SignpostProcess.start(dataDir)) {
      TestClients.register(first.api, "{\"Name\": \"kept\", \"Address\": \"10.4.0.1\", \"Port\": 1}");
      first.process.destroy(); // SIGTERM
      assertThat(first.awaitExit()).isZero();
    }
    try (SignpostProcess second = SignpostProcess.start(dataDir)) {
      Message m = TestClients.query(second.dns, false, "kept.service.local.", Type.A);
      assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    }
  }
}
