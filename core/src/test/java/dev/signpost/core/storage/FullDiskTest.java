package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal store on a real, small, full volume (a tmpfs): nothing refused is kept, and it comes back by itself. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FullDiskTest {

  private static final long MIB = 1024 * 1024;

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "compacting every {0} records")
  @ValueSource(longs = {CompactionPolicy.DEFAULT_MAX_RECORDS, 500})
  void aFullVolumeRefusesWritesWithoutKeepingThemAndTakesThemAgainOnceItGrows(long compactEvery) throws Exception {
    try (SmallVolume volume = SmallVolume.mount(tmp.resolve("vol"), 2 * MIB)) {
      List<String> acknowledged = new ArrayList<>();
      String refused;
      try (ServiceDiscovery sd = ServiceDiscovery.open(JournalStore.open(volume.dir(), compactEvery,
          CompactionPolicy.DEFAULT_MAX_BYTES))) {
        refused = fillUntilRefused(sd, acknowledged);
        assertThat(acknowledged).as("a 2 MiB volume takes records until it is really full").hasSizeGreaterThan(1000);
        assertThat(sd.instance(refused)).isEmpty();
        assertThat(sd.metrics().storeFailure()).hasValueSatisfying(why -> assertThat(why).contains("No space left"));

        // A snapshot that failed for want of space gives its space back (one may still be being written).
        await().atMost(Duration.ofSeconds(10))
            .until(() -> !Files.exists(volume.dir().resolve("snapshot.json.tmp")));

        volume.resize(8 * MIB);
        await().atMost(Duration.ofSeconds(10)).until(() -> sd.metrics().storeFailure().isEmpty());
        sd.register(web("after-growth")).toCompletableFuture().join();
        acknowledged.add("after-growth");
      }

      try (ServiceDiscovery sd = ServiceDiscovery.open(JournalStore.open(volume.dir()))) {
        assertThat(sd.instances()).extracting(Instance::id).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(sd.instance(refused)).isEmpty();
      }
    }
  }

  @Test
  void healthResultsKeepDrivingWhatIsServedWhileTheVolumeIsFull() throws Exception {
    try (SmallVolume volume = SmallVolume.mount(tmp.resolve("vol"), 2 * MIB);
        ServiceDiscovery sd = ServiceDiscovery.open(JournalStore.open(volume.dir()))) {
      sd.register(web("beat").withChecks(List.of(CheckSpec.ttl("beat-ttl", Duration.ofMinutes(5)))))
          .toCompletableFuture().join();
      sd.reportTtl("beat-ttl", HealthStatus.PASSING, "fine").toCompletableFuture().join();
      fillUntilRefused(sd, new ArrayList<>());

      sd.reportTtl("beat-ttl", HealthStatus.CRITICAL, "gone").toCompletableFuture().join();
      assertThat(sd.serving("web").instances()).extracting(Instance::id).doesNotContain("beat");
      sd.reportTtl("beat-ttl", HealthStatus.PASSING, "back").toCompletableFuture().join();
      assertThat(sd.serving("web").instances()).extracting(Instance::id).contains("beat");
      assertThatThrownBy(() -> sd.maintenance("beat", true, "needs the disk")).isInstanceOf(StoreException.class);
    }
  }

  /** Registers until the store refuses one (bounded); returns the refused id. */
  private static String fillUntilRefused(ServiceDiscovery sd, List<String> acknowledged) {
    for (int i = 0; i < 200_000; i++) {
      String id = "web-" + i + "-" + "x".repeat(200);
      try {
        sd.register(web(id)).toCompletableFuture().join();
        acknowledged.add(id);
      } catch (StoreException | CompletionException e) {
        Throwable why = e instanceof CompletionException ? e.getCause() : e;
        assertThat(why).isInstanceOf(StoreException.class);
        assertThat(((StoreException) why).kind()).isEqualTo(StoreException.Kind.NO_SPACE);
        return id;
      }
    }
    throw new AssertionError("a 2 MiB volume never filled");
  }

  private static Instance web(String id) {
    return Instance.of(id, "web", "10.0.0.1", 80, List.of());
  }
}
