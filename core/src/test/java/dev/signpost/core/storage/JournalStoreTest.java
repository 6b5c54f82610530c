package dev.signpost.core.storage;

import static dev.signpost.core.storage.StoreFixtures.everyField;
import static dev.signpost.core.storage.StoreFixtures.inMaintenance;
import static dev.signpost.core.storage.StoreFixtures.plain;
import static dev.signpost.core.storage.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalStoreTest {

  @TempDir
  Path dir;

  @Test
  void everyInstanceAndCheckFieldSurvivesAReopen() {
    Instance original = everyField("web-1", 1, 1);
    try (JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load()).isEqualTo(StoredState.EMPTY);
      store.append(new Change.Put(1, original)).toCompletableFuture().join();
    }

    StoredState state = reopen();

    assertThat(state.index()).isEqualTo(1);
    assertThat(state.instances()).containsExactly(original);
    Instance loaded = state.instances().get(0);
    assertThat(loaded.meta().keySet()).containsExactly("zeta", "alpha", "version");
    assertThat(loaded.tags()).containsExactly("v2", "Primary", "canary");
    assertThat(loaded.service().value()).isEqualTo("Web-Api");
    assertThat(loaded.checks().get(0).interval()).isEqualTo(java.time.Duration.ofMillis(1500).plusNanos(7));
  }

  @Test
  void replacedAndRemovedInstancesReplayToTheFinalState() {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.append(put(1, "a"));
      store.append(put(2, "b"));
      store.append(new Change.Put(3, inMaintenance(plain("a", 1)).withIndexes(1, 3)));
      store.append(put(4, "c"));
      store.append(new Change.Remove(5, "b"));
    }

    StoredState state = reopen();

    assertThat(state.index()).isEqualTo(5);
    assertThat(state.instances()).containsExactlyInAnyOrder(
        inMaintenance(plain("a", 1)).withIndexes(1, 3), plain("c", 4));
  }

  @Test
  void concurrentAppendsAllBecomeDurableAndShareFsyncs() throws Exception {
    int threads = 8;
    int perThread = 250;
    AtomicLong nextIndex = new AtomicLong();
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    long commits;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<CompletableFuture<Void>>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          go.await();
          List<CompletableFuture<Void>> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            long index = nextIndex.incrementAndGet();
            mine.add(store.append(put(index, "i-" + index)).toCompletableFuture());
          }
          return mine;
        }));
      }
      go.countDown();
      for (Future<List<CompletableFuture<Void>>> r : results) {
        durable.addAll(r.get(20, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      commits = store.commits();
    } finally {
      pool.shutdownNow();
    }

    StoredState state = reopen();
    assertThat(state.instances()).hasSize(threads * perThread);
    assertThat(state.index()).isEqualTo(threads * perThread);
    assertThat(commits).isPositive().isLessThan(threads * perThread);
  }

  @Test
  void appendAfterCloseIsRefusedAtOnce() {
    JournalStore store = JournalStore.open(dir);
    store.load();
    store.close();

    assertThatThrownBy(() -> store.append(put(1, "a")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeSyncsWhatIsQueuedAndMayBeCalledTwice() {
    JournalStore store = JournalStore.open(dir);
    store.load();
    CompletableFuture<Void> last = null;
    for (int i = 1; i <= 100; i++) {
      last = store.append(put(i, "i-" + i)).toCompletableFuture();
    }
    store.close();
    store.close();

    assertThat(last).isCompleted();
    assertThat(reopen().instances()).hasSize(100);
  }

  @Test
  void aSecondStoreOnTheSameDataDirIsRefusedUntilTheFirstCloses() {
    try (JournalStore first = JournalStore.open(dir)) {
      first.load();
      assertThatThrownBy(() -> JournalStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessage("data dir " + dir.toAbsolutePath() + " is in use by another Signpost process");
    }
    try (JournalStore again = JournalStore.open(dir)) {
      assertThat(again.load()).isEqualTo(StoredState.EMPTY);
    }
  }

  @Test
  void aDataDirThatCannotBeCreatedIsNamedInOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
    Path wanted = file.resolve("data");

    assertThatThrownBy(() -> JournalStore.open(wanted))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("data dir " + wanted + " cannot be created: ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> JournalStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("data dir " + file)
        .hasMessageNotContaining("\n");
  }

  @Test
  void anUnwritableDataDirIsNamedInOneLine() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeThat(Files.isWritable(readOnly)).as("permissions bind this user (not root)").isFalse();

      assertThatThrownBy(() -> JournalStore.open(readOnly))
          .isInstanceOf(StoreException.class)
          .hasMessage("data dir " + readOnly + " is not writable: Permission denied");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void compactionIsWantedOncePastTheThresholdAndNotAgainUntilTheJournalRegrows() {
    try (JournalStore store = JournalStore.open(dir, 3, Long.MAX_VALUE)) {
      store.load();
      for (int i = 1; i <= 3; i++) {
        store.append(put(i, "i-" + i));
      }
      assertThat(store.wantsCompaction()).isFalse();
      store.append(put(4, "i-4"));
      assertThat(store.wantsCompaction()).isTrue();

      store.compact(new StoredState(4, List.of(plain("i-1", 1), plain("i-2", 2), plain("i-3", 3),
          plain("i-4", 4))));
      assertThat(store.wantsCompaction()).isFalse();
    }
  }

  @Test
  void aLargerRegistryLetsTheJournalGrowLongerBeforeItIsCompactedAgain() {
    try (JournalStore store = JournalStore.open(dir, 3, Long.MAX_VALUE)) {
      store.load();
      List<Instance> ten = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        store.append(put(i, "i-" + i));
        ten.add(plain("i-" + i, i));
      }
      assertThat(store.wantsCompaction()).isTrue();
      store.compact(new StoredState(10, ten));

      for (int i = 11; i <= 15; i++) {
        store.append(put(i, "i-" + i));
      }
      assertThat(store.wantsCompaction()).as("5 records after a snapshot of 10 instances").isFalse();
      store.append(put(16, "i-16"));
      assertThat(store.wantsCompaction()).isTrue();
    }
  }

  @Test
  void aJournalOverTheByteLimitWantsCompactionAfterAReopen() {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.append(new Change.Put(1, everyField("big", 1, 1)));
    }
    try (JournalStore store = JournalStore.open(dir, Long.MAX_VALUE, 100)) {
      assertThat(store.wantsCompaction()).isTrue();
    }
  }

  @Test
  void compactionShrinksTheJournalAndReloadsTheSameState() throws Exception {
    List<Instance> live = new ArrayList<>();
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      for (int i = 1; i <= 50; i++) {
        store.append(put(i, "i-" + i));
        live.add(plain("i-" + i, i));
      }
      store.append(new Change.Remove(51, "i-1"));
      live.remove(0);
      store.compact(new StoredState(51, live));
      store.append(put(52, "after"));
      live.add(plain("after", 52));
    }

    assertThat(StoreFixtures.recordOffsets(dir.resolve("journal.log"))).hasSize(1);
    assertThat(dir.resolve("snapshot.json")).exists();
    assertThat(dir.resolve("snapshot.json.tmp")).doesNotExist();
    StoredState state = reopen();
    assertThat(state.index()).isEqualTo(52);
    assertThat(state.instances()).containsExactlyInAnyOrderElementsOf(live);
  }

  @Test
  void recordsAtOrBelowTheSnapshotIndexAreSkippedAfterACrashBeforeTheJournalWasCut() throws Exception {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      for (int i = 1; i <= 5; i++) {
        store.append(put(i, "old-" + i));
      }
    }
    byte[] uncutJournal = Files.readAllBytes(dir.resolve("journal.log"));
    // A snapshot that disagrees with the journal: if any record <= 5 were replayed, old-* would show.
    Instance onlyInSnapshot = plain("snap", 5);
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.compact(new StoredState(5, List.of(onlyInSnapshot)));
      store.append(put(6, "new"));
    }
    byte[] newRecords = Files.readAllBytes(dir.resolve("journal.log"));
    // As if the process died after the rename but before the truncation.
    Files.write(dir.resolve("journal.log"), concat(uncutJournal, newRecords));

    StoredState state = reopen();

    assertThat(state.index()).isEqualTo(6);
    assertThat(state.instances()).containsExactlyInAnyOrder(onlyInSnapshot, plain("new", 6));
  }

  @Test
  void aCorruptSnapshotStopsTheStartAndLeavesTheDataDirUnlocked() throws Exception {
    Files.writeString(dir.resolve("snapshot.json"), "{\"format\":1,\"index\":9,\"instances\":[{\"id\":");

    assertThatThrownBy(() -> JournalStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("snapshot " + dir.toAbsolutePath().resolve("snapshot.json") + " is corrupt: ")
        .hasMessageNotContaining("\n");

    Files.delete(dir.resolve("snapshot.json"));
    try (JournalStore store = JournalStore.open(dir)) {
      assertThat(store.load()).isEqualTo(StoredState.EMPTY);
    }
  }

  @Test
  void aTemporarySnapshotLeftByACrashIsIgnored() throws Exception {
    try (JournalStore store = JournalStore.open(dir)) {
      store.load();
      store.append(put(1, "a"));
    }
    Files.writeString(dir.resolve("snapshot.json.tmp"), "{\"format\":1,\"ind");

    assertThat(reopen().instances()).containsExactly(plain("a", 1));
    assertThat(dir.resolve("snapshot.json.tmp")).doesNotExist();
  }

  private StoredState reopen() {
    try (JournalStore store = JournalStore.open(dir)) {
      return store.load();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
