package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.InMemoryStore;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Writes through the API are answered only once the store has made them durable, and show nothing before: the
 * store here holds each append until the test completes or fails it.
 */
class WriteDurabilityApiTest {

  private static final String WEB_1 = "{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 80}";

  private final GatedStore store = new GatedStore();
  private final ApiFixture api = new ApiFixture(ApiFixture.silentProbes().store(store).build());

  @AfterEach
  void close() {
    store.open();
    api.close();
  }

  @Test
  void registrationIsAnsweredWithAnEmpty200OnlyOnceTheStoreHasTheInstance() throws Exception {
    store.hold();

    CompletableFuture<HttpResponse<String>> reply = api.putAsync("/v1/agent/service/register", WEB_1);
    CompletableFuture<Void> append = store.nextAppend();

    // A read over another connection: a full round trip in which an early answer would have arrived.
    assertThat(ApiFixture.fieldNames(api.getJson("/v1/agent/services"))).as("nothing listed before it is durable")
        .isEmpty();
    assertThat(api.discovery.instance("web-1")).isEmpty();
    assertThat(reply).as("no answer before it is durable").isNotDone();
    append.complete(null);
    HttpResponse<String> response = reply.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(api.discovery.instance("web-1")).isPresent();
    assertThat(ApiFixture.fieldNames(api.getJson("/v1/agent/services"))).containsExactly("web-1");
  }

  @Test
  void aRegistrationTheStoreFailsIsAnsweredWithTheStoresErrorAndRegistersNothing() throws Exception {
    long before = api.discovery.index();
    store.hold();

    CompletableFuture<HttpResponse<String>> reply = api.putAsync("/v1/agent/service/register", WEB_1);
    store.nextAppend().completeExceptionally(
        new StoreException("No space left on device", null, StoreException.Kind.NO_SPACE, Duration.ofSeconds(1)));

    HttpResponse<String> response = reply.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(507);
    assertThat(response.body()).contains("nothing was changed", "No space left on device");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(api.discovery.instances()).isEmpty();
    assertThat(api.discovery.index()).isEqualTo(before);
    assertThat(ApiFixture.fieldNames(api.getJson("/v1/agent/services"))).isEmpty();
  }

  @ParameterizedTest(name = "PUT {0}")
  @CsvSource(delimiter = '|', textBlock = """
      /v1/agent/service/register                      | {"ID": "web-1", "Name": "web", "Port": 81}
      /v1/agent/check/register                        | {"Name": "disk", "ServiceID": "web-1", "TTL": "1m"}
      /v1/agent/check/pass/beat                       | ''
      /v1/agent/check/update/beat                     | {"Status": "warning"}
      /v1/agent/check/deregister/beat                 | ''
      /v1/agent/service/maintenance/web-1?enable=true | ''
      """)
  void writesToAnInstanceAreNeitherVisibleNorAnsweredUntilDurable(String path, String body) throws Exception {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"beat\", \"TTL\": \"5m\"}}");
    long before = api.discovery.index();
    Instance instanceBefore = api.discovery.instance("web-1").orElseThrow();
    store.hold();

    CompletableFuture<HttpResponse<String>> reply = api.putAsync(path, body);
    CompletableFuture<Void> append = store.nextAppend();

    // A read over another connection: a full round trip in which an early answer would have arrived.
    assertThat(ApiFixture.consulIndex(api.get("/v1/agent/services"))).as("nothing is visible before it is durable")
        .isEqualTo(before);
    assertThat(api.discovery.instance("web-1")).contains(instanceBefore);
    assertThat(reply).as("no answer before it is durable").isNotDone();
    append.complete(null);
    HttpResponse<String> response = reply.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(api.discovery.index()).isGreaterThan(before);
  }

  @Test
  void aRefusedWriteAnswersAtOnceWithoutWaitingForTheStore() throws Exception {
    store.hold();

    HttpResponse<String> response = api.putAsync("/v1/agent/check/pass/ghost", "").get(5, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(store.appendsWaiting()).isZero();
  }

  /**
   * An in-memory store whose appends, while it is held, wait until the test completes or fails them. Each one
   * it receives is the signal that a request has reached the store, so no test waits on the clock.
   */
  private static final class GatedStore implements RegistryStore {

    private final InMemoryStore inner = new InMemoryStore();
    private final BlockingQueue<CompletableFuture<Void>> waiting = new LinkedBlockingQueue<>();
    private volatile boolean held;

    void hold() {
      held = true;
    }

    /** Stops holding appends and makes every waiting one durable, so nothing is left hanging. */
    void open() {
      held = false;
      for (CompletableFuture<Void> next; (next = waiting.poll()) != null; ) {
        next.complete(null);
      }
    }

    /** The next append the store received while held, waiting for it (bounded) when it has not arrived yet. */
    CompletableFuture<Void> nextAppend() throws InterruptedException {
      CompletableFuture<Void> next = waiting.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("an append reached the store").isNotNull();
      return next;
    }

    int appendsWaiting() {
      return waiting.size();
    }

    @Override
    public StoredState load() {
      return inner.load();
    }

    @Override
    public CompletionStage<Void> append(Change change) {
      CompletionStage<Void> stored = inner.append(change);
      if (!held) {
        return stored;
      }
      CompletableFuture<Void> durable = new CompletableFuture<>();
      waiting.add(durable);
      return durable;
    }

    @Override
    public boolean wantsCompaction() {
      return inner.wantsCompaction();
    }

    @Override
    public void compact(StoredState state) {
      inner.compact(state);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
