package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IndexWatchTest {

  /** A registry stand-in that, like core's, wakes every waiter on every change whatever its threshold. */
  private final AtomicLong index = new AtomicLong(5);
  private final List<CompletableFuture<Long>> registryWaiters = new ArrayList<>();
  private final IndexWatch watch = new IndexWatch(index::get, threshold -> {
    if (index.get() > threshold) {
      return CompletableFuture.completedFuture(index.get());
    }
    CompletableFuture<Long> waiter = new CompletableFuture<>();
    registryWaiters.add(waiter);
    return waiter;
  });

  private void change() {
    long now = index.incrementAndGet();
    List<CompletableFuture<Long>> woken = new ArrayList<>(registryWaiters);
    registryWaiters.clear();
    woken.forEach(w -> w.complete(now));
  }

  @Test
  void aThresholdAlreadyPassedCompletesAtOnce() {
    assertThat(watch.await(4).future()).isCompletedWithValue(5L);
    assertThat(registryWaiters).isEmpty();
  }

  @Test
  void aWaiterCompletesOnTheNextChange() {
    IndexWatch.Waiter waiter = watch.await(5);
    assertThat(waiter.future()).isNotDone();

    change();

    assertThat(waiter.future()).isCompletedWithValue(6L);
    assertThat(watch.pending()).isZero();
  }

  @Test
  void manyWaitersShareOneRegistryWaiter() {
    for (int i = 0; i < 100; i++) {
      watch.await(5);
    }

    assertThat(registryWaiters).hasSize(1);
  }

  @Test
  void aWaiterAheadOfTheRegistryWaitsUntilItsThresholdEvenIfWokenEarly() {
    IndexWatch.Waiter ahead = watch.await(7);

    change(); // 6
    assertThat(ahead.future()).isNotDone();
    change(); // 7
    assertThat(ahead.future()).isNotDone();
    change(); // 8

    assertThat(ahead.future()).isCompletedWithValue(8L);
  }

  @Test
  void cancellingForgetsTheWaiterAndCompletesItWithTheCurrentIndex() {
    IndexWatch.Waiter waiter = watch.await(5);

    watch.cancel(waiter);

    assertThat(waiter.future()).isCompletedWithValue(5L);
    assertThat(watch.pending()).isZero();
  }

  @Test
  void timedOutPollsDoNotPileUpRegistryWaiters() {
    for (int i = 0; i < 1000; i++) {
      watch.cancel(watch.await(5));
    }

    assertThat(registryWaiters).hasSize(1);
    change();
    assertThat(registryWaiters).isEmpty();
  }

  @Test
  void aLowerThresholdArrivingLaterGetsItsOwnSubscription() {
    index.set(10);
    IndexWatch.Waiter high = watch.await(12);
    IndexWatch.Waiter low = watch.await(10);

    change(); // 11

    assertThat(low.future()).isCompletedWithValue(11L);
    assertThat(high.future()).isNotDone();
    change(); // 12
    change(); // 13
    assertThat(high.future()).isCompletedWithValue(13L);
  }
}
