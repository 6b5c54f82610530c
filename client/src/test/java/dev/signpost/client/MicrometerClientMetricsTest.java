package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.client.micrometer.MicrometerClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Micrometer metrics, through a client that counts its calls and its list into a registry. */
class MicrometerClientMetricsTest {

  @Test
  void aClientCountsItsAttemptsRetriesAndInstances() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FakeSignpost signpost = new FakeSignpost();
        SignpostClient client = SignpostClient.builder("web").server(signpost.url()).reportOutcomes(false)
            .sleeper(new RecordingSleeper()).metrics(MicrometerClientMetrics.of(registry)).build()) {
      signpost.set(2, FakeSignpost.entry("a", 8001), FakeSignpost.entry("b", 8002));
      assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();
      org.awaitility.Awaitility.await().until(() -> client.instances().size() == 2);

      client.call(i -> "ok");
      try {
        client.call(i -> {
          throw new StatusException(503);
        }, 2);
      } catch (CallException expected) {
        // two failed attempts, one retry
      }

      assertThat(registry.get("signpost.client.instances").tag("service", "web").gauge().value()).isEqualTo(2);
      assertThat(registry.get("signpost.client.attempts").tags("service", "web", "outcome", "success").timer()
          .count()).isEqualTo(1);
      assertThat(registry.get("signpost.client.attempts").tags("service", "web", "outcome", "failure").timer()
          .count()).isEqualTo(2);
      assertThat(registry.get("signpost.client.retries").tag("service", "web").counter().count()).isEqualTo(1);
    }
  }
}
