package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal store under the public API, as the launcher wires it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalStoreServiceDiscoveryTest {

  @TempDir
  Path dir;

  @Test
  void registeredInstancesAreFoundAgainAfterARestart() {
    List<Instance> registered;
    long index;
    try (ServiceDiscovery sd = ServiceDiscovery.open(JournalStore.open(dir))) {
      for (int i = 1; i <= 5; i++) {
        sd.register(Instance.of("web-" + i, "web", "10.0.0." + i, 8080, List.of("v" + i)))
            .toCompletableFuture().join();
      }
      sd.register(Instance.of("db-1", "db", "db1.example.internal", 5432, List.of("primary")))
          .toCompletableFuture().join();
      sd.register(StoreFixtures.everyField("api-1", 0, 0)).toCompletableFuture().join();
      // A replacement keeps createIndex; a deregistration must not come back.
      sd.register(Instance.of("web-2", "web", "10.0.0.22", 8081, List.of("v2"))).toCompletableFuture().join();
      sd.deregister("web-5").toCompletableFuture().join();
      registered = sd.instances();
      index = sd.index();
    }

    try (ServiceDiscovery sd = ServiceDiscovery.open(JournalStore.open(dir))) {
      assertThat(sd.instances()).isEqualTo(registered);
      assertThat(sd.index()).isEqualTo(index).isEqualTo(9);
      assertThat(sd.find("WEB")).extracting(Instance::id).containsExactly("web-1", "web-2", "web-3", "web-4");
      assertThat(sd.instance("web-2")).get().satisfies(i -> {
        assertThat(i.address()).isEqualTo("10.0.0.22");
        assertThat(i.createIndex()).isEqualTo(2);
        assertThat(i.modifyIndex()).isEqualTo(8);
      });
      assertThat(sd.find("web-api")).singleElement().satisfies(i -> assertThat(i.checks()).hasSize(3));
      assertThat(sd.services()).containsOnlyKeys("db", "web", "Web-Api");
    }
  }
}
