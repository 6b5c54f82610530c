package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.client.FakeSignpost.Seen;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outcome reports: batched per instance, bounded, best effort, off for a server without the endpoint. */
class OutcomeReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeSignpost signpost;
  private final List<OutcomeReporter> reporters = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    signpost = new FakeSignpost();
  }

  @AfterEach
  void stop() {
    reporters.forEach(OutcomeReporter::close);
    signpost.close();
  }

  private OutcomeReporter reporter(int capacity, int batch, Duration interval) {
    Servers servers = new Servers(List.of(URI.create(signpost.url())));
    OutcomeReporter r = new OutcomeReporter(HttpClient.newHttpClient(), servers, "t0ken", JSON, "web",
        ClientMetrics.NONE, capacity, batch, interval, Duration.ofSeconds(5));
    reporters.add(r);
    return r;
  }

  private static JsonNode body(Seen s) throws Exception {
    return JSON.readTree(s.body());
  }

  @Test
  void eachInstanceGetsItsOutcomesInOrderInBatchesOfAtMostAHundred() throws Exception {
    OutcomeReporter reporter = reporter(10_000, 100, Duration.ofMinutes(1));
    reporter.start();
    for (int k = 0; k < 250; k++) {
      reporter.report("a", k % 3 != 0, Duration.ofMillis(k), k % 3 != 0 ? 200 : 503);
    }
    reporter.report("b 1", false, Duration.ofMillis(7), 0);

    reporter.close();

    List<Seen> sent = signpost.drainOutcomes();
    List<Long> latencies = new ArrayList<>();
    for (Seen s : sent) {
      assertThat(s.method()).isEqualTo("PUT");
      assertThat(s.token()).isEqualTo("t0ken");
      assertThat(body(s).size()).isBetween(1, 100);
      if (s.path().equals("/v1/signpost/instance/a/outcomes")) {
        body(s).forEach(o -> latencies.add(o.get("LatencyMs").asLong()));
      } else {
        assertThat(s.path()).isEqualTo("/v1/signpost/instance/b%201/outcomes");
        assertThat(s.body()).isEqualTo("[{\"Success\":false,\"LatencyMs\":7}]");
      }
    }
    assertThat(latencies).hasSize(250).isSorted();
    JsonNode first = body(sent.get(0)).get(0);
    assertThat(first.toString()).isEqualTo("{\"Success\":false,\"LatencyMs\":0,\"Code\":503}");
    assertThat(reporter.dropped()).isZero();
  }

  @Test
  void outcomesGoWithinTheIntervalWithoutFillingABatch() throws Exception {
    OutcomeReporter reporter = reporter(10_000, 100, Duration.ofMillis(50));
    reporter.start();

    reporter.report("a", true, Duration.ofMillis(3), 200);

    Seen s = signpost.outcomeRequests().poll(5, TimeUnit.SECONDS);
    assertThat(s).isNotNull();
    assertThat(s.body()).isEqualTo("[{\"Success\":true,\"LatencyMs\":3,\"Code\":200}]");
  }

  @Test
  void sendNowSendsWhatIsQueuedWithoutWaitingForTheInterval() throws Exception {
    OutcomeReporter reporter = reporter(10_000, 100, Duration.ofMinutes(1));
    reporter.start();
    reporter.report("a", false, Duration.ofMillis(3), 503);
    assertThat(signpost.outcomeRequests().poll(300, TimeUnit.MILLISECONDS)).as("an interval of a minute").isNull();

    reporter.sendNow();

    Seen s = signpost.outcomeRequests().poll(5, TimeUnit.SECONDS);
    assertThat(s).isNotNull();
    assertThat(s.body()).isEqualTo("[{\"Success\":false,\"LatencyMs\":3,\"Code\":503}]");
  }

  @Test
  void aBreakerThatOpensInTheClientSendsItsFailuresToTheServerAtOnce() throws Exception {
    try (FakeInstance a = new FakeInstance("a", 503); FakeInstance b = new FakeInstance("b", 200)) {
      signpost.set(2, a.entry(), b.entry());
      HttpClient http = HttpClient.newHttpClient();
      BreakerSettings twoStrikes = new BreakerSettings(2, 0, 1, Duration.ofSeconds(30), Duration.ofMinutes(1),
          Duration.ofMinutes(5), 1);
      try (SignpostClient client = SignpostClient.builder("web").server(signpost.url()).breaker(twoStrikes)
          .reporting(1_000, 100, Duration.ofMinutes(1)).sleeper(new RecordingSleeper()).build()) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.instances().size() == 2);
        while (a.requests() < 2) {
          client.call(i -> http.send(HttpRequest.newBuilder(i.uri("/")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(client.breakerState("a")).isEqualTo(BreakerState.OPEN);

        // Sent long before the one-minute interval.
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
          int toA = 0;
          for (Seen r : signpost.outcomeRequests()) {
            toA += r.path().endsWith("/a/outcomes") ? body(r).size() : 0;
          }
          return toA == 2;
        });
      }
    }
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsThem() throws Exception {
    OutcomeReporter reporter = reporter(10, 100, Duration.ofMinutes(1));
    for (int k = 0; k < 15; k++) {
      reporter.report("a", true, Duration.ofMillis(k), 200);
    }
    assertThat(reporter.dropped()).isEqualTo(5);

    reporter.start();
    reporter.close();

    List<Long> latencies = new ArrayList<>();
    for (Seen s : signpost.drainOutcomes()) {
      body(s).forEach(o -> latencies.add(o.get("LatencyMs").asLong()));
    }
    assertThat(latencies).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
  }

  @Test
  void aServerWithoutTheEndpointTurnsReportingOffWithOneLogLine() throws Exception {
    signpost.outcomesAnswer(404, "unknown path /v1/signpost/instance/a/outcomes");
    OutcomeReporter reporter = reporter(10_000, 1, Duration.ofMillis(10));
    try (LogCapture log = new LogCapture(OutcomeReporter.class)) {
      reporter.start();
      reporter.report("a", true, Duration.ofMillis(1), 200);
      await().atMost(5, TimeUnit.SECONDS).until(reporter::disabled);
      for (int k = 0; k < 5; k++) {
        reporter.report("a", true, Duration.ofMillis(1), 200);
      }
      reporter.close();

      assertThat(signpost.drainOutcomes()).hasSize(1);
      assertThat(log.messages(Level.ALL)).singleElement().asString()
          .contains("does not take outcome reports (404").contains("reporting is off");
    }
  }

  @Test
  void aMethodNotAllowedTurnsReportingOffToo() {
    signpost.outcomesAnswer(405, "method PUT not allowed");
    OutcomeReporter reporter = reporter(10_000, 1, Duration.ofMillis(10));
    reporter.start();

    reporter.report("a", true, Duration.ofMillis(1), 200);

    await().atMost(5, TimeUnit.SECONDS).until(reporter::disabled);
  }

  @Test
  void anUnknownInstanceOnlyLosesItsOwnBatch() throws Exception {
    signpost.outcomesAnswer(404, "Unknown service ID \"gone\"");
    OutcomeReporter reporter = reporter(10_000, 1, Duration.ofMillis(10));
    reporter.start();

    reporter.report("gone", true, Duration.ofMillis(1), 200);
    assertThat(signpost.outcomeRequests().poll(5, TimeUnit.SECONDS)).isNotNull();
    reporter.report("gone", true, Duration.ofMillis(1), 200);
    assertThat(signpost.outcomeRequests().poll(5, TimeUnit.SECONDS)).isNotNull();

    assertThat(reporter.disabled()).isFalse();
    await().atMost(5, TimeUnit.SECONDS).until(() -> reporter.dropped() == 2);
  }

  @Test
  void aClientReportsEachAttemptOfItsCalls() throws Exception {
    try (FakeInstance a = new FakeInstance("a", 503); FakeInstance b = new FakeInstance("b", 200)) {
      signpost.set(2, a.entry(), b.entry());
      HttpClient http = HttpClient.newHttpClient();
      try (SignpostClient client = SignpostClient.builder("web").server(signpost.url())
          .reporting(1_000, 100, Duration.ofMillis(20)).sleeper(new RecordingSleeper()).build()) {
        assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.instances().size() == 2);
        for (int k = 0; k < 4; k++) {
          client.call(i -> http.send(HttpRequest.newBuilder(i.uri("/")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        await().atMost(5, TimeUnit.SECONDS).until(() -> {
          List<Seen> all = new ArrayList<>(signpost.outcomeRequests());
          long toB = 0;
          for (Seen s : all) {
            if (s.path().endsWith("/b/outcomes")) {
              toB += body(s).size();
            }
          }
          return toB == 4;
        });
        for (Seen s : signpost.outcomeRequests()) {
          for (JsonNode o : body(s)) {
            boolean toA = s.path().endsWith("/a/outcomes");
            assertThat(o.get("Success").asBoolean()).isEqualTo(!toA);
            assertThat(o.get("Code").asInt()).isEqualTo(toA ? 503 : 200);
          }
        }
      }
    }
  }
}
