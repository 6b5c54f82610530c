package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.core.Instance;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.InMemoryStore;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoredState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckWriteDurabilityApiTest {

  private final GatedStore store = new GatedStore();
  private final ApiFixture api = new ApiFixture(ApiFixture.silentProbes().store(store).build());

  @AfterEach
  void close() {
    store.release();
    api.close();
  }

  @ParameterizedTest(name = "PUT {0}")
  @CsvSource(delimiter = '|', textBlock = """
      /v1/agent/check/register                        | {"Name": "disk", "ServiceID": "web-1", "TTL": "1m"}
      /v1/agent/check/pass/beat                       | ''
      /v1/agent/check/update/beat                     | {"Status": "warning"}
      /v1/agent/check/deregister/beat                 | ''
      /v1/agent/service/maintenance/web-1?enable=true | ''
      """)
  void checkAndMaintenanceWritesAreNeitherVisibleNorAnsweredUntilDurable(String path, String body) throws Exception {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"beat\", \"TTL\": \"5m\"}}");
    long before = api.discovery.index();
    Instance instanceBefore = api.discovery.instance("web-1").orElseThrow();
    store.hold();

    CompletableFuture<HttpResponse<String>> reply = api.putAsync(path, body);

    await("the reply waits for the store").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> !reply.isDone());
    assertThat(api.discovery.index()).as("nothing is visible before it is durable").isEqualTo(before);
    assertThat(api.discovery.instance("web-1")).contains(instanceBefore);
    store.release();
    HttpResponse<String> response = reply.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.discovery.index()).isGreaterThan(before);
  }

  @Test
  void aRefusedWriteAnswersAtOnceWithoutWaitingForTheStore() throws Exception {
    store.hold();

    HttpResponse<String> response = api.putAsync("/v1/agent/check/pass/ghost", "").get(5, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
  }

  /** An in-memory store whose appends stay pending while the gate is held. */
  private static final class GatedStore implements RegistryStore {

    private final InMemoryStore inner = new InMemoryStore();
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    void hold() {
      gate = new CompletableFuture<>();
    }

    void release() {
      gate.complete(null);
    }

    @Override
    public StoredState load() {
      return inner.load();
    }

    @Override
    public CompletionStage<Void> append(Change change) {
      return inner.append(change).thenCombine(gate, (stored, open) -> null);
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
