package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.storage.InMemoryStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Long-poll waits on the registry index: precise thresholds, and nothing left behind by a timeout. */
class RegistryWaitTest {

  private final Registry registry = new Registry(new InMemoryStore(), HealthFilter.DEFAULT, TimeSource.system());
  private int changes;

  private void change() {
    changes++;
    registry.register(Instance.of("i" + changes, "web", "10.0.0.1", 80, List.of()), false).toCompletableFuture().join();
  }

  @Test
  void aThresholdAlreadyPassedCompletesAtOnce() {
    change();
    change();
    assertThat(registry.awaitIndexAbove(1)).isCompletedWithValue(2L);
    assertThat(registry.pendingWaiters()).isZero();
  }

  @Test
  void aWaiterCompletesOnTheNextChangeAndIsForgotten() {
    CompletableFuture<Long> waiter = registry.awaitIndexAbove(0);
    assertThat(waiter).isNotDone();
    change();
    assertThat(waiter).isCompletedWithValue(1L);
    assertThat(registry.pendingWaiters()).isZero();
  }

  @Test
  void aWaiterAheadOfTheIndexWaitsUntilItsOwnThresholdIsPassed() {
    CompletableFuture<Long> ahead = registry.awaitIndexAbove(2);
    change(); // 1
    assertThat(ahead).isNotDone();
    change(); // 2
    assertThat(ahead).isNotDone();
    change(); // 3
    assertThat(ahead).isCompletedWithValue(3L);
  }

  @Test
  void aLowerThresholdArrivingLaterIsWokenFirst() {
    CompletableFuture<Long> high = registry.awaitIndexAbove(2);
    CompletableFuture<Long> low = registry.awaitIndexAbove(0);
    change(); // 1
    assertThat(low).isCompletedWithValue(1L);
    assertThat(high).isNotDone();
    change();
    change();
    assertThat(high).isCompletedWithValue(3L);
  }

  @Test
  void aWaiterItsCallerGaveUpOnIsForgottenAtOnce() {
    CompletableFuture<Long> waiter = registry.awaitIndexAbove(0);
    waiter.complete(registry.index());
    assertThat(waiter).isCompletedWithValue(0L);
    assertThat(registry.pendingWaiters()).isZero();
  }

  @Test
  void timedOutPollsDoNotPileUpOnAQuietRegistry() {
    for (int i = 0; i < 1000; i++) {
      registry.awaitIndexAbove(0).complete(registry.index());
    }
    CompletableFuture<Long> cancelled = registry.awaitIndexAbove(0);
    cancelled.cancel(false);
    assertThat(registry.pendingWaiters()).isZero();
  }

  @Test
  void manyWaitersOnOneThresholdAllComplete() {
    List<CompletableFuture<Long>> waiters = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      waiters.add(registry.awaitIndexAbove(0));
    }
    assertThat(registry.pendingWaiters()).isEqualTo(100);
    change();
    assertThat(waiters).allSatisfy(w -> assertThat(w).isCompletedWithValue(1L));
    assertThat(registry.pendingWaiters()).isZero();
  }
}
