package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.KvOperation.Verb;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoredState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consul's key/value semantics on the registry's commit path: CAS, recursive deletes, transactions, indexes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyValueStoreTest {

  private final GatedStore store = new GatedStore();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().store(store).build();
  private final KeyValueStore kv = discovery.kv();

  @AfterEach
  void close() {
    store.open = true;
    store.completeAll();
    discovery.close();
  }

  @Test
  void aPutIsVisibleOnlyOnceDurableAndCarriesTheRegistryIndex() {
    store.open = false;
    CompletableFuture<Boolean> ack = kv.put("config/web/port", bytes("8080"), 42, OptionalLong.empty())
        .toCompletableFuture();

    assertThat(ack).isNotDone();
    assertThat(kv.get("config/web/port")).isEmpty();
    store.open = true;
    store.completeAll();

    assertThat(ack.join()).isTrue();
    KvEntry e = kv.get("config/web/port").orElseThrow();
    assertThat(e.value()).isEqualTo(bytes("8080"));
    assertThat(e.flags()).isEqualTo(42);
    assertThat(e.createIndex()).isEqualTo(1);
    assertThat(e.modifyIndex()).isEqualTo(1).isEqualTo(discovery.index());
    put("config/web/port", "9090");
    assertThat(kv.get("config/web/port").orElseThrow()).extracting(KvEntry::createIndex, KvEntry::modifyIndex)
        .containsExactly(1L, 2L);
  }

  @Test
  void casZeroSetsOnlyAnAbsentKeyAndCasNOnlyTheKeyLastWrittenAtN() {
    assertThat(join(kv.put("lock", bytes("a"), 0, OptionalLong.of(0)))).isTrue();
    assertThat(join(kv.put("lock", bytes("b"), 0, OptionalLong.of(0)))).isFalse();
    long at = kv.get("lock").orElseThrow().modifyIndex();

    assertThat(join(kv.put("lock", bytes("c"), 0, OptionalLong.of(at + 1)))).isFalse();
    assertThat(join(kv.put("lock", bytes("c"), 0, OptionalLong.of(at)))).isTrue();
    assertThat(kv.get("lock").orElseThrow().value()).isEqualTo(bytes("c"));
    assertThat(join(kv.delete("lock", OptionalLong.of(at)))).isFalse();
    assertThat(join(kv.delete("lock", OptionalLong.of(kv.keyIndex("lock"))))).isTrue();
    assertThat(kv.get("lock")).isEmpty();
  }

  @Test
  void twoWritersWithTheSameCasDecidedBeforeEitherIsDurableExactlyOneWins() {
    put("leader", "none");
    long at = kv.keyIndex("leader");
    store.open = false;
    CompletionStage<Boolean> first = kv.put("leader", bytes("a"), 0, OptionalLong.of(at));
    CompletionStage<Boolean> second = kv.put("leader", bytes("b"), 0, OptionalLong.of(at));
    store.open = true;
    store.completeAll();

    assertThat(List.of(join(first), join(second))).containsExactly(true, false);
    assertThat(kv.get("leader").orElseThrow().value()).isEqualTo(bytes("a"));
  }

  @Test
  void concurrentWritersWithTheSameCasHaveExactlyOneWinner() throws Exception {
    put("leader", "none");
    long at = kv.keyIndex("leader");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String me = "node-" + i;
        results.add(pool.submit(() -> {
          start.await();
          return join(kv.put("leader", bytes(me), 0, OptionalLong.of(at)));
        }));
      }
      start.countDown();
      List<Boolean> won = new ArrayList<>();
      for (Future<Boolean> f : results) {
        won.add(f.get());
      }
      assertThat(Collections.frequency(won, true)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRecursiveDeleteRemovesEveryKeyUnderThePrefixAndNothingElse() {
    put("app/a", "1");
    put("app/b/c", "2");
    put("apple", "3");
    put("other", "4");

    assertThat(join(kv.deleteTree("app/"))).isTrue();

    assertThat(kv.list("")).extracting(KvEntry::key).containsExactly("apple", "other");
    assertThat(join(kv.deleteTree(""))).isTrue();
    assertThat(kv.size()).isZero();
  }

  @Test
  void aWriteDecidedWhileARecursiveDeleteIsPendingSeesTheKeysGone() {
    put("app/a", "1");
    store.open = false;
    CompletionStage<Boolean> tree = kv.deleteTree("app/");
    CompletionStage<Boolean> create = kv.put("app/a", bytes("new"), 0, OptionalLong.of(0));
    store.open = true;
    store.completeAll();

    assertThat(join(tree)).isTrue();
    assertThat(join(create)).as("cas=0 on a key the pending delete removes").isTrue();
    assertThat(kv.get("app/a").orElseThrow().createIndex()).isEqualTo(discovery.index());
  }

  @Test
  void aTransactionCommitsAllItsWritesUnderOneIndexOrNone() {
    put("a", "1");
    long before = discovery.index();
    KvTransactionResult ok = join(kv.transaction(List.of(
        op(Verb.CHECK_INDEX, "a", "", kv.keyIndex("a")),
        op(Verb.SET, "b", "2", 0),
        op(Verb.DELETE, "a", "", 0),
        op(Verb.GET, "b", "", 0))));

    assertThat(ok.committed()).isTrue();
    assertThat(discovery.index()).isEqualTo(before + 1);
    assertThat(ok.results()).extracting(KvEntry::key).containsExactly("a", "b", "b");
    assertThat(ok.results().get(1).value()).as("a write's result has no value").isEmpty();
    assertThat(ok.results().get(2).value()).isEqualTo(bytes("2"));
    assertThat(kv.list("")).extracting(KvEntry::key).containsExactly("b");

    KvTransactionResult failed = join(kv.transaction(List.of(
        op(Verb.SET, "c", "3", 0),
        op(Verb.CHECK_NOT_EXISTS, "b", "", 0),
        op(Verb.CAS, "b", "x", 1))));

    assertThat(failed.committed()).isFalse();
    assertThat(failed.errors()).extracting(KvTransactionResult.Error::opIndex).containsExactly(1, 2);
    assertThat(failed.errors().get(0).what()).isEqualTo("key \"b\" exists");
    assertThat(kv.get("c")).isEmpty();
    assertThat(discovery.index()).isEqualTo(before + 1);
  }

  @Test
  void aPrefixIndexMovesWhenAKeyUnderItIsDeletedAndStaysForChangesElsewhere() {
    put("app/a", "1");
    put("other", "1");
    long app = kv.prefixIndex("app/");
    assertThat(app).isEqualTo(kv.keyIndex("app/a")).isLessThan(discovery.index());

    join(kv.delete("app/a", OptionalLong.empty()));
    assertThat(kv.prefixIndex("app/")).isEqualTo(discovery.index());
    assertThat(kv.keyIndex("app/a")).as("a missing key reports the store's last change").isEqualTo(discovery.index());
  }

  @Test
  void aWaiterOnAPrefixWakesOnAChangeUnderItOnly() {
    put("app/a", "1");
    CompletableFuture<Long> waiting = kv.awaitAbove("app/", false, kv.prefixIndex("app/"));
    CompletableFuture<Long> onKey = kv.awaitAbove("app/b", true, kv.keyIndex("app/b"));

    put("elsewhere", "1");
    put("app", "no slash");
    assertThat(waiting).isNotDone();
    assertThat(onKey).isNotDone();

    put("app/b", "2");
    assertThat(waiting).isCompletedWithValue(discovery.index());
    assertThat(onKey).isDone();
    assertThat(kv.pendingWaiters()).isZero();
  }

  @Test
  void aRecursiveDeleteWakesWaitersBelowAndAboveThePrefix() {
    put("app/x/1", "1");
    CompletableFuture<Long> below = kv.awaitAbove("app/x/1", true, kv.keyIndex("app/x/1"));
    CompletableFuture<Long> above = kv.awaitAbove("a", false, kv.prefixIndex("a"));

    join(kv.deleteTree("app/"));

    assertThat(below).isDone();
    assertThat(above).isDone();
  }

  @Test
  void keysAndValuesOutOfBoundsAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> kv.put("", bytes("x"), 0, OptionalLong.empty())).hasMessage("Missing key name");
    assertThatThrownBy(() -> kv.put("a\nb", bytes("x"), 0, OptionalLong.empty()))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> kv.put("a\uD800", bytes("x"), 0, OptionalLong.empty()))
        .hasMessageContaining("well-formed");
    assertThatThrownBy(() -> kv.put("k".repeat(KeyValueStore.MAX_KEY_BYTES + 1), bytes("x"), 0,
        OptionalLong.empty())).hasMessageContaining("bytes long");
    assertThatThrownBy(() -> kv.put("big", new byte[KeyValueStore.MAX_VALUE_BYTES + 1], 0, OptionalLong.empty()))
        .isInstanceOf(KeyValueStore.ValueTooLargeException.class).hasMessageContaining("too large");
    assertThat(join(kv.put("big", new byte[KeyValueStore.MAX_VALUE_BYTES], 0, OptionalLong.empty()))).isTrue();
    List<KvOperation> many = Collections.nCopies(KeyValueStore.MAX_TRANSACTION_OPERATIONS + 1,
        op(Verb.GET, "a", "", 0));
    assertThatThrownBy(() -> kv.transaction(many)).hasMessageContaining("too many operations (65 > 64)");
  }

  private void put(String key, String value) {
    assertThat(join(kv.put(key, bytes(value), 0, OptionalLong.empty()))).isTrue();
  }

  private static KvOperation op(Verb verb, String key, String value, long index) {
    return new KvOperation(verb, key, bytes(value), 0, index);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bounded: a write that never completes fails the test instead of hanging it (join ignores interrupts). */
  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** A store whose appends complete at once while open, and wait for the test otherwise. */
  private static final class GatedStore implements RegistryStore {
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    volatile boolean open = true;

    @Override
    public StoredState load() {
      return StoredState.EMPTY;
    }

    @Override
    public synchronized CompletionStage<Void> append(Change change) {
      if (open) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> durable = new CompletableFuture<>();
      waiting.add(durable);
      return durable;
    }

    /** Answers every waiting append in order, outside the lock: the registry's callbacks run meanwhile. */
    void completeAll() {
      while (true) {
        CompletableFuture<Void> next;
        synchronized (this) {
          next = waiting.poll();
        }
        if (next == null) {
          return;
        }
        next.complete(null);
      }
    }

    @Override
    public boolean wantsCompaction() {
      return false;
    }

    @Override
    public void compact(StoredState state) {
    }

    @Override
    public void close() {
    }
  }
}
