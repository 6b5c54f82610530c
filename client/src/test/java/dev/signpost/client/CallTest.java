package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code call}: timeouts, retries of transient failures only, breakers, and the strategies' inputs. */
class CallTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final BreakerSettings NEVER_OPENS = new BreakerSettings(BreakerSettings.MAX_COUNT, 0, 1,
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), 1);

  private FakeSignpost signpost;
  private final List<FakeInstance> instances = new ArrayList<>();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private SignpostClient client;

  @BeforeEach
  void start() throws Exception {
    signpost = new FakeSignpost();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    instances.forEach(FakeInstance::close);
    signpost.close();
  }

  private FakeInstance instance(String id, int status) throws Exception {
    FakeInstance i = new FakeInstance(id, status);
    instances.add(i);
    return i;
  }

  /** The client, once its list holds {@code listed}. */
  private SignpostClient client(SignpostClient.Builder builder, String... listed) throws Exception {
    signpost.set(2, listed);
    client = builder.build();
    await().atMost(5, TimeUnit.SECONDS).until(() -> client.instances().size() == listed.length);
    return client;
  }

  private SignpostClient.Builder builder() {
    return SignpostClient.builder("web").server(signpost.url()).reportOutcomes(false).sleeper(sleeper)
        .random(new SplittableRandom(3));
  }

  /** A GET of {@code /} on the instance: the few lines a user writes. */
  private static HttpResponse<String> get(ServiceInstance i) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(i.uri("/")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNotFoundIsReturnedAndNeverTriedAgain() throws Exception {
    FakeInstance a = instance("a", 404);
    client(builder(), a.entry());

    HttpResponse<String> r = client.call(CallTest::get);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(a.requests()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
    assertThat(client.breakerState("a")).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aServiceUnavailableIsTriedAgainOnAnotherInstance() throws Exception {
    FakeInstance a = instance("a", 503);
    FakeInstance b = instance("b", 200);
    client(builder(), a.entry(), b.entry());

    for (int k = 0; k < 4; k++) {
      HttpResponse<String> r = client.call(CallTest::get);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("b");
    }

    assertThat(b.requests()).isEqualTo(4);
    assertThat(a.requests()).as("round-robin starts some calls at a").isPositive();
    assertThat(sleeper.waits()).hasSize(a.requests());
  }

  @Test
  void whenEveryAttemptFailsTheLastResponseIsReturnedAfterJitteredBackoff() throws Exception {
    FakeInstance a = instance("a", 503);
    client(builder(), a.entry());

    HttpResponse<String> r = client.call(CallTest::get);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(a.requests()).as("three attempts by default, on the only instance").isEqualTo(3);
    List<Duration> waits = sleeper.waits();
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0).toMillis()).isBetween(25L, 50L);
    assertThat(waits.get(1).toMillis()).isBetween(50L, 100L);
  }

  @Test
  void transientStatusesAreTriedAgainAndOtherFailuresAreNot() throws Exception {
    client(builder().breaker(NEVER_OPENS), FakeSignpost.entry("a", 8001));
    for (int status : new int[] {408, 429, 502, 503, 504, 500, 501, 505, 400, 401, 403, 404, 409}) {
      AtomicInteger attempts = new AtomicInteger();
      assertThatThrownBy(() -> client.call(i -> {
        attempts.incrementAndGet();
        throw new StatusException(status);
      }, 2)).isInstanceOf(CallException.class);
      boolean transientStatus = status == 408 || status == 429 || status >= 502 && status <= 504;
      assertThat(attempts).as("status %d", status).hasValue(transientStatus ? 2 : 1);
    }
  }

  @Test
  void aStatusExceptionIsJudgedByItsStatus() throws Exception {
    client(builder(), FakeSignpost.entry("a", 8001));
    AtomicInteger attempts = new AtomicInteger();

    String result = client.call(i -> {
      if (attempts.incrementAndGet() == 1) {
        throw new StatusException(503);
      }
      return "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(2);
    assertThatThrownBy(() -> client.call(i -> {
      throw new StatusException(404, "no such order");
    }))
        .isInstanceOf(CallException.class)
        .hasCauseInstanceOf(StatusException.class)
        .satisfies(e -> assertThat(((CallException) e).attempts()).isEqualTo(1));
  }

  @Test
  void otherErrorsAreNotTriedAgainAndComeBackAsTheCause() throws Exception {
    client(builder(), FakeSignpost.entry("a", 8001));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> client.call(i -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("bad answer");
    }))
        .isInstanceOf(CallException.class)
        .hasMessageContaining("instance a at 127.0.0.1:8001")
        .hasRootCauseMessage("bad answer");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aConnectErrorIsTriedAgainOnAnotherInstance() throws Exception {
    FakeInstance b = instance("b", 200);
    client(builder(), FakeSignpost.entry("dead", FreePorts.closed()), b.entry());

    for (int k = 0; k < 4; k++) {
      assertThat(client.call(CallTest::get).body()).isEqualTo("b");
    }
  }

  @Test
  void connectErrorsOnEveryAttemptEndInACallExceptionWithEachFailure() throws Exception {
    client(builder(), FakeSignpost.entry("dead", FreePorts.closed()));

    assertThatThrownBy(() -> client.call(CallTest::get))
        .isInstanceOf(CallException.class)
        .hasCauseInstanceOf(ConnectException.class)
        .satisfies(e -> {
          assertThat(((CallException) e).attempts()).isEqualTo(3);
          assertThat(e.getSuppressed()).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(ConnectException.class));
        });
  }

  @Test
  void anAttemptThatTakesTooLongIsCutAndTriedElsewhere() throws Exception {
    FakeInstance slow = instance("slow", 200);
    slow.holdRequests();
    FakeInstance b = instance("b", 200);
    client(builder().callTimeout(Duration.ofMillis(300)), slow.entry(), b.entry());

    for (int k = 0; k < 2; k++) {
      assertThat(client.call(CallTest::get).body()).isEqualTo("b");
    }
    assertThat(slow.requests()).isEqualTo(1);
  }

  @Test
  void aTimeoutOnTheLastAttemptIsACallExceptionCausedByATimeout() throws Exception {
    FakeInstance slow = instance("slow", 200);
    slow.holdRequests();
    client(builder().callTimeout(Duration.ofMillis(200)), slow.entry());

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call(CallTest::get, 1))
        .isInstanceOf(CallException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("longer than 200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anInstanceWhoseBreakerIsOpenIsSkipped() throws Exception {
    FakeInstance broken = instance("broken", 500);
    FakeInstance b = instance("b", 200);
    BreakerSettings oneStrike = new BreakerSettings(1, 0, 1, Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), 1);
    client(builder().breaker(oneStrike), broken.entry(), b.entry());

    // A 500 is a failure but not a transient one: returned as is, and it opens the breaker.
    while (broken.requests() == 0) {
      client.call(CallTest::get);
    }
    assertThat(client.breakerState("broken")).isEqualTo(BreakerState.OPEN);

    for (int k = 0; k < 10; k++) {
      assertThat(client.pick().id()).isEqualTo("b");
      assertThat(client.call(CallTest::get).statusCode()).isEqualTo(200);
    }
    assertThat(broken.requests()).isEqualTo(1);
  }

  @Test
  void withEveryBreakerOpenThereIsNoInstance() throws Exception {
    FakeInstance broken = instance("broken", 500);
    BreakerSettings oneStrike = new BreakerSettings(1, 0, 1, Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), 1);
    client(builder().breaker(oneStrike), broken.entry());
    client.call(CallTest::get);

    assertThatThrownBy(() -> client.call(CallTest::get))
        .isInstanceOf(NoInstanceException.class)
        .hasMessage("the circuit breakers of all 1 instances of service web are open");
    assertThatThrownBy(client::pick).isInstanceOf(NoInstanceException.class);
  }

  @Test
  void anEmptyServiceHasNoInstance() throws Exception {
    signpost.set(2);
    client = builder().build();
    assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();

    assertThatThrownBy(() -> client.call(CallTest::get))
        .isInstanceOf(NoInstanceException.class)
        .hasMessage("service web has no passing instance");
  }

  @Test
  void theRetryBudgetStopsRetriesWhenItIsSpent() throws Exception {
    FakeInstance a = instance("a", 503);
    client(builder().retryBudget(0, 0), a.entry());

    assertThat(client.call(CallTest::get).statusCode()).isEqualTo(503);
    assertThat(a.requests()).isEqualTo(1);
  }

  @Test
  void theBudgetAllowsRetriesInProportionToCalls() {
    long[] now = {0};
    RetryBudget budget = new RetryBudget(0.5, 0, () -> now[0]);
    for (int k = 0; k < 4; k++) {
      budget.called();
    }

    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).as("half of four calls").isFalse();
    now[0] += Duration.ofSeconds(10).toNanos();
    assertThat(budget.tryRetry()).as("ten seconds later the calls are forgotten too").isFalse();
    budget.called();
    budget.called();
    assertThat(budget.tryRetry()).isTrue();
  }

  @Test
  void theBudgetsMinimumLetsAQuietClientRetry() {
    RetryBudget budget = new RetryBudget(0, 1, () -> 0);

    for (int k = 0; k < 10; k++) {
      assertThat(budget.tryRetry()).as("retry %d", k + 1).isTrue();
    }
    assertThat(budget.tryRetry()).isFalse();
  }

  @Test
  void leastConnectionsSendsTheNextCallToTheInstanceWithFewerCallsInFlight() throws Exception {
    FakeInstance a = instance("a", 200);
    FakeInstance b = instance("b", 200);
    a.holdRequests();
    b.holdRequests();
    client(builder().strategy("least-connections"), a.entry(), b.entry());

    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> client.call(CallTest::get));
    await().atMost(5, TimeUnit.SECONDS).until(() -> a.requests() + b.requests() == 1);
    String busy = a.requests() == 1 ? "a" : "b";

    for (int k = 0; k < 5; k++) {
      assertThat(client.pick().id()).isNotEqualTo(busy);
    }
    a.release();
    b.release();
    assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo(busy);
  }

  @Test
  void latencyPutsAnInstanceThatJustFailedLast() throws Exception {
    FakeInstance b = instance("b", 200);
    FakeInstance c = instance("c", 200);
    client(builder().strategy("latency"), FakeSignpost.entry("a-dead", FreePorts.closed()), b.entry(), c.entry());
    client.call(CallTest::get); // the never-measured go by id: a-dead first, fails, then b

    for (int k = 0; k < 5; k++) {
      assertThat(client.pick().id()).isNotEqualTo("a-dead");
    }
  }

  @Test
  void anInstanceHalfOpenOnTheServerGetsOneTrialCallPerIntervalAndThePassingOnesTheRest() throws Exception {
    FakeInstance a = instance("a", 200);
    FakeInstance halfOpen = instance("h", 200);
    AtomicLong now = new AtomicLong();
    client(builder().trialInterval(Duration.ofSeconds(1)).nanoTime(now::get), a.entry(),
        FakeSignpost.halfOpen(halfOpen.entry()));
    assertThat(client.instances()).filteredOn(i -> i.id().equals("h")).singleElement()
        .satisfies(i -> assertThat(i.passing()).isFalse());

    for (int k = 0; k < 10; k++) {
      client.call(CallTest::get);
    }
    assertThat(halfOpen.requests()).as("the first trial goes at once, the next after the interval").isEqualTo(1);
    assertThat(a.requests()).isEqualTo(9);

    now.addAndGet(Duration.ofMillis(999).toNanos());
    client.call(CallTest::get);
    assertThat(halfOpen.requests()).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    client.call(CallTest::get);
    client.call(CallTest::get);
    assertThat(halfOpen.requests()).isEqualTo(2);
    assertThat(a.requests()).isEqualTo(11);
  }

  @Test
  void instancesInTheClientsZoneComeFirst() throws Exception {
    client(builder().zone("b"),
        FakeSignpost.entry("a1", "127.0.0.1", 8001, "a", Map.of()),
        FakeSignpost.entry("b1", "127.0.0.1", 8002, "b", Map.of()),
        FakeSignpost.entry("b2", "127.0.0.1", 8003, "", Map.of("zone", "B")));

    List<String> picked = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      picked.add(client.pick().id());
    }

    assertThat(picked).containsOnly("b1", "b2").contains("b1", "b2");
  }

  @Test
  void anUnknownStrategyIsRefusedWithTheKnownNames() {
    assertThatThrownBy(() -> builder().strategy("fastest").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown strategy 'fastest'; use one of: ip-hash, latency");
  }

  @Test
  void aClosedClientRefusesCalls() throws Exception {
    client(builder(), FakeSignpost.entry("a", 8001));
    client.close();

    assertThatThrownBy(() -> client.call(i -> "x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theInstanceUriBracketsAnIpv6Address() {
    ServiceInstance v6 = new ServiceInstance("x", "web", "2001:db8::1", 8080, null, null, null, 1, true);

    assertThat(v6.uri("/pay")).isEqualTo(URI.create("http://[2001:db8::1]:8080/pay"));
    assertThat(v6.uri("https", "")).isEqualTo(URI.create("https://[2001:db8::1]:8080"));
    assertThatThrownBy(() -> v6.uri("pay")).hasMessage("path must start with '/', got 'pay'");
  }
}
