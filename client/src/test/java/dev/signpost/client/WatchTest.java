package dev.signpost.client;

import static dev.signpost.client.FakeSignpost.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.signpost.client.FakeSignpost.Seen;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch: Consul's blocking queries against a loopback fake of Signpost's health API. */
class WatchTest {

  private FakeSignpost signpost;
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
    signpost.close();
  }

  private SignpostClient.Builder builder() {
    return SignpostClient.builder("web").server(signpost.url()).reportOutcomes(false).sleeper(sleeper)
        .random(new SplittableRandom(7)).watchWait(Duration.ofSeconds(30)).minWatchInterval(Duration.ZERO);
  }

  private static List<String> ids(SignpostClient c) {
    return c.instances().stream().map(ServiceInstance::id).toList();
  }

  @Test
  void theFirstRequestAsksForTheWholeListAndTheNextBlocksOnTheAnswersIndex() throws Exception {
    signpost.set(5, entry("a", 8001));
    client = builder().build();

    Seen first = signpost.nextHealthRequest();
    assertThat(first.path()).isEqualTo("/v1/health/service/web");
    assertThat(first.param("passing")).as("half-open instances are wanted too").isNull();
    assertThat(first.param("index")).isNull();
    Seen second = signpost.nextHealthRequest();
    assertThat(second.param("index")).isEqualTo("5");
    assertThat(second.param("wait")).isEqualTo("30s");
    assertThat(ids(client)).containsExactly("a");
    assertThat(client.source()).isEqualTo(Source.SERVER);

    signpost.set(9, entry("a", 8001), entry("b", 8002));

    assertThat(signpost.nextHealthRequest().param("index")).isEqualTo("9");
    assertThat(ids(client)).containsExactly("a", "b");
  }

  @Test
  void anIndexThatGoesBackwardsStartsOverAtZero() throws Exception {
    signpost.set(10, entry("a", 8001));
    client = builder().build();
    signpost.nextHealthRequest();
    assertThat(signpost.nextHealthRequest().param("index")).isEqualTo("10");

    signpost.set(4, entry("a", 8001), entry("b", 8002)); // a restored server: lower index

    assertThat(signpost.nextHealthRequest().param("index")).as("after the index went from 10 to 4").isNull();
    assertThat(signpost.nextHealthRequest().param("index")).isEqualTo("4");
    assertThat(ids(client)).containsExactly("a", "b");
  }

  @Test
  void serverErrorsBackOffExponentiallyWithJitterAndKeepTheList() throws Exception {
    signpost.set(3, entry("a", 8001));
    client = builder().watchBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build();
    signpost.nextHealthRequest();
    signpost.nextHealthRequest();
    signpost.failNext(500, 500, 500, 500, 503);

    signpost.set(4, entry("a", 8001)); // wakes the held query; the next five fail
    for (int k = 0; k < 5; k++) {
      signpost.nextHealthRequest();
    }
    Seen recovered = signpost.nextHealthRequest();

    assertThat(recovered.param("index")).as("a failure starts over at index 0").isNull();
    List<Duration> waits = sleeper.waits();
    assertThat(waits).hasSize(5);
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {250, 500}, {250, 500}};
    for (int k = 0; k < 5; k++) {
      assertThat(waits.get(k).toMillis()).as("wait %d", k + 1).isBetween(bounds[k][0], bounds[k][1]);
    }
    assertThat(ids(client)).containsExactly("a");
    assertThat(client.source()).isEqualTo(Source.SERVER);
  }

  @Test
  void theLastGoodListStaysWhileTheServerIsDown() throws Exception {
    signpost.set(3, entry("a", 8001), entry("b", 8002));
    client = builder().watchBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();
    await().atMost(5, TimeUnit.SECONDS).until(() -> ids(client).size() == 2);

    signpost.close();

    await().atMost(10, TimeUnit.SECONDS).until(() -> sleeper.waits().size() >= 3);
    assertThat(ids(client)).containsExactly("a", "b");
    assertThat(client.source()).isEqualTo(Source.SERVER);
    assertThat(client.pick().id()).isIn("a", "b");
  }

  @Test
  void anAnswerLongerThanTheLimitIsNotReadAndTheLastGoodListStays() throws Exception {
    signpost.set(3, entry("a", 8001));
    client = builder().maxAnswerBytes(4096).watchBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    await().atMost(5, TimeUnit.SECONDS).until(() -> ids(client).equals(List.of("a")));

    String[] many = new String[20]; // about 400 bytes each
    for (int k = 0; k < many.length; k++) {
      many[k] = entry("i" + k, 9000 + k);
    }
    signpost.set(4, many);
    await().atMost(5, TimeUnit.SECONDS).until(() -> sleeper.waits().size() >= 2);
    assertThat(ids(client)).as("the list before the answer that was too long").containsExactly("a");

    signpost.set(5, entry("a", 8001), entry("b", 8002));
    await().atMost(5, TimeUnit.SECONDS).until(() -> ids(client).equals(List.of("a", "b")));
  }

  @Test
  void theTokenAndTheTagGoWithEveryRequest() throws Exception {
    signpost.set(2, entry("a", 8001));
    client = builder().token("s3cret").tag("v1").build();

    Seen first = signpost.nextHealthRequest();

    assertThat(first.token()).isEqualTo("s3cret");
    assertThat(first.param("tag")).isEqualTo("v1");
    assertThat(signpost.nextHealthRequest().token()).isEqualTo("s3cret");
  }

  @Test
  void severalServersAreTriedInTurn() throws Exception {
    signpost.set(2, entry("a", 8001));
    String dead = "http://127.0.0.1:" + FreePorts.closed();
    client = builder().servers(dead, signpost.url()).watchBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();

    assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();

    assertThat(ids(client)).containsExactly("a");
    assertThat(sleeper.waits()).hasSize(1);
  }

  @Test
  void anInstanceWithoutAddressUsesItsNodesAndZonesComeFromLocalityThenMeta() throws Exception {
    signpost.set(2, entry("a", "", 8001, "z1", Map.of()), entry("b", "10.0.0.2", 8002, "", Map.of("zone", "z2")));
    client = builder().build();
    assertThat(client.awaitInstances(Duration.ofSeconds(5))).isTrue();

    assertThat(client.instances()).extracting(ServiceInstance::address, ServiceInstance::zone)
        .containsExactly(tuple("192.0.2.99", "z1"), tuple("10.0.0.2", "z2"));
    assertThat(client.instances()).allSatisfy(i -> {
      assertThat(i.passing()).isTrue();
      assertThat(i.currentWeight()).isEqualTo(3);
      assertThat(i.tags()).containsExactly("v1");
    });
  }
}
