package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a blocking query waits for, with the registry's index and waiters given as plain functions. */
class BlockingQueryTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<Long> thresholds = new ArrayList<>();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private BlockingQuery at(long index) {
    return new BlockingQuery(() -> index, above -> {
      thresholds.add(above);
      return new CompletableFuture<>();
    });
  }

  @Test
  void aPollOnTheIndexOneAFreshRegistryReportsWaitsForItsFirstChange() {
    at(0).await(new BlockingQuery.Params(1, Duration.ofSeconds(30)), scheduler);
    assertThat(thresholds).containsExactly(0L);
  }

  @Test
  void aPollOnAnIndexFromBeforeAWipedDataDirWaitsForTheNextChange() {
    at(3).await(new BlockingQuery.Params(40, Duration.ofSeconds(30)), scheduler);
    assertThat(thresholds).containsExactly(3L);
  }

  @Test
  void aPollOnTheCurrentIndexWaitsForItToPass() {
    at(7).await(new BlockingQuery.Params(7, Duration.ofSeconds(30)), scheduler);
    assertThat(thresholds).containsExactly(7L);
  }
}
