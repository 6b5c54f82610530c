package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable before visible, through the storage SPI: a store whose appends the test makes durable, fails, or
 * refuses at once, as a full disk would.
 */
class DurableBeforeVisibleTest {

  private final GatedStore store = new GatedStore();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().store(store).build();
  private final List<String> events = new ArrayList<>();

  DurableBeforeVisibleTest() {
    discovery.addListener(new RegistryListener() {
      @Override
      public void onReset(Collection<Instance> instances, long index) {
      }

      @Override
      public void onEvent(RegistryEvent event) {
        events.add(event.getClass().getSimpleName() + "@" + event.index());
      }
    });
  }

  @AfterEach
  void close() {
    store.refuse = null;
    store.completeAll();
    discovery.close();
  }

  @Test
  void aRegistrationIsSeenByNoReaderUntilTheStoreHasIt() {
    CompletableFuture<Instance> ack = discovery.register(web("web-1", "10.0.0.1")).toCompletableFuture();
    CompletableFuture<Long> poll = discovery.awaitIndexAbove(0);

    assertThat(ack).isNotDone();
    assertThat(discovery.instance("web-1")).isEmpty();
    assertThat(discovery.find("web")).isEmpty();
    assertThat(discovery.index()).isZero();
    assertThat(poll).isNotDone();
    assertThat(events).isEmpty();

    store.completeNext();

    assertThat(ack.join().address()).isEqualTo("10.0.0.1");
    assertThat(discovery.find("web")).extracting(Instance::id).containsExactly("web-1");
    assertThat(discovery.index()).isEqualTo(1);
    assertThat(poll.join()).isEqualTo(1);
    assertThat(events).containsExactly("Registered@1");
  }

  @Test
  void aWriteTheStoreFailsChangesNothingAndNeitherDoTheWritesDecidedOnIt() {
    Instance before = durably(discovery.register(web("web-1", "10.0.0.1")));
    CompletableFuture<Instance> moved = discovery.register(web("web-1", "10.9.9.9")).toCompletableFuture();
    CompletableFuture<?> maintenance = discovery.maintenance("web-1", true, "moving").toCompletableFuture();

    store.failAll(new StoreException("disk full", null, StoreException.Kind.NO_SPACE, Duration.ofSeconds(1)));

    assertThatThrownBy(moved::join).isInstanceOf(CompletionException.class).cause()
        .isInstanceOf(StoreException.class).hasMessage("disk full");
    assertThatThrownBy(maintenance::join).cause().isInstanceOf(StoreException.class);
    assertThat(discovery.instance("web-1")).contains(before);
    assertThat(discovery.index()).isEqualTo(1);
    assertThat(events).containsExactly("Registered@1");
  }

  @Test
  void aCatalogRegistrationTheStoreFailsLeavesNeitherTheNodeNorItsService() {
    CompletableFuture<CatalogNode> failed = registerDb1("10.0.0.5", Optional.of(pg("pg-1", "10.0.0.5")));

    assertThat(store.waiting).hasSize(1); // the node and its service: one change
    store.failAll(new StoreException("disk full", null, StoreException.Kind.NO_SPACE, Duration.ofSeconds(1)));

    assertThatThrownBy(failed::join).cause().isInstanceOf(StoreException.class).hasMessage("disk full");
    assertThat(discovery.node("db1")).isEmpty();
    assertThat(discovery.instance("pg-1")).isEmpty();
    assertThat(discovery.index()).isZero();
    assertThat(events).isEmpty();

    CatalogNode stored = durably(registerDb1("10.0.0.5", Optional.of(pg("pg-1", "10.0.0.5"))));
    long at = stored.modifyIndex();
    assertThat(discovery.instance("pg-1").orElseThrow().modifyIndex()).isEqualTo(at);
    assertThat(discovery.index()).isEqualTo(at);
    assertThat(events).containsExactly("NodeChanged@" + at, "Registered@" + at);
  }

  @Test
  void aNodeMoveTheStoreFailsLeavesTheNodeAndTheInstancesThatFollowItWhereTheyWere() {
    durably(registerDb1("10.0.0.5", Optional.of(pg("pg-1", "10.0.0.5"))));
    CompletableFuture<CatalogNode> moved = discovery.catalog().register(CatalogNode.of("db1", "10.0.0.9"), false,
        Optional.of(pg("pg-2", "10.0.0.9")), List.of(new NodeCatalog.ServiceCheck("pg-1",
            CheckSpec.external("pg-disk", "disk", "", null), new CheckState(HealthStatus.CRITICAL, "full"))))
        .toCompletableFuture();

    assertThat(store.waiting).hasSize(1);
    store.failAll(new StoreException("I/O error"));

    assertThatThrownBy(moved::join).cause().isInstanceOf(StoreException.class);
    assertThat(discovery.node("db1").orElseThrow().address()).isEqualTo("10.0.0.5");
    Instance pg1 = discovery.instance("pg-1").orElseThrow();
    assertThat(pg1.address()).isEqualTo("10.0.0.5");
    assertThat(pg1.checks()).isEmpty();
    assertThat(discovery.instance("pg-2")).isEmpty();
    assertThat(events).containsExactly("NodeChanged@1", "Registered@1");
  }

  @Test
  void aNodeRemovalTheStoreFailsLeavesTheNodeAndItsInstances() {
    durably(registerDb1("10.0.0.5", Optional.of(pg("pg-1", "10.0.0.5"))));
    CompletableFuture<?> gone = discovery.catalog().deregister("db1").toCompletableFuture();

    assertThat(store.waiting).hasSize(1);
    store.failAll(new StoreException("I/O error"));

    assertThatThrownBy(gone::join).cause().isInstanceOf(StoreException.class);
    assertThat(discovery.node("db1")).isPresent();
    assertThat(discovery.instance("pg-1")).isPresent();
  }

  @Test
  void aWriteRefusedAtOnceIsAnErrorAndTheNextOneTakesTheIndexItWouldHaveHad() {
    store.refuse = new StoreException("disk full", null, StoreException.Kind.NO_SPACE, Duration.ofSeconds(1));

    assertThatThrownBy(() -> discovery.register(web("web-1", "10.0.0.1"))).isInstanceOf(StoreException.class);
    assertThat(discovery.instance("web-1")).isEmpty();

    store.refuse = null;
    CompletableFuture<Instance> ack = discovery.register(web("web-1", "10.0.0.2")).toCompletableFuture();
    store.completeNext();
    assertThat(ack.join().modifyIndex()).isEqualTo(1);
  }

  @Test
  void aDeregistrationThatFailsLeavesTheInstanceServed() {
    durably(discovery.register(web("web-1", "10.0.0.1")));
    CompletableFuture<?> gone = discovery.deregister("web-1").toCompletableFuture();

    store.failAll(new StoreException("I/O error"));

    assertThatThrownBy(gone::join).cause().isInstanceOf(StoreException.class);
    assertThat(discovery.serving("web").instances()).extracting(Instance::id).containsExactly("web-1");
  }

  @Test
  void aHealthResultTheStoreRefusesStillDrivesWhatIsServed() {
    durably(discovery.register(ttlChecked("web-1")));
    durably(discovery.reportTtl("web-1-ttl", HealthStatus.PASSING, "ok"));
    assertThat(discovery.serving("web").instances()).hasSize(1);

    store.refuse = new StoreException("disk full", null, StoreException.Kind.NO_SPACE, Duration.ofSeconds(1));
    Instance failed = discovery.reportTtl("web-1-ttl", HealthStatus.CRITICAL, "down")
        .toCompletableFuture().join().orElseThrow();

    assertThat(failed.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(discovery.instance("web-1").orElseThrow().status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(discovery.serving("web").instances()).isEmpty();
    assertThat(discovery.index()).isEqualTo(3);
    // Maintenance must be durable: it fails cleanly instead.
    assertThatThrownBy(() -> discovery.maintenance("web-1", true, "x")).isInstanceOf(StoreException.class);
  }

  @Test
  void aHealthResultQueuedBehindAFailedRegistrationIsAppliedToWhatIsVisible() {
    durably(discovery.register(ttlChecked("web-1")));
    CompletableFuture<?> moved = discovery.register(web("web-1", "10.9.9.9").withChecks(ttlChecked("web-1").checks()))
        .toCompletableFuture();
    CompletableFuture<?> result = discovery.reportTtl("web-1-ttl", HealthStatus.PASSING, "ok").toCompletableFuture();

    store.failAll(new StoreException("I/O error"));

    assertThatThrownBy(moved::join).cause().isInstanceOf(StoreException.class);
    result.join();
    Instance visible = discovery.instance("web-1").orElseThrow();
    assertThat(visible.address()).isEqualTo("10.0.0.1");
    assertThat(visible.status()).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void aCheckIdTakenByAPendingRegistrationIsTakenAlready() {
    discovery.register(ttlChecked("web-1"));

    assertThatThrownBy(() -> discovery.register(ttlChecked("web-2").withChecks(
        List.of(CheckSpec.ttl("web-1-ttl", Duration.ofMinutes(1))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web-1-ttl");
  }

  @Test
  void aCompactionAskedForWhileWritesArePendingHoldsThemToo() {
    durably(discovery.register(web("web-1", "10.0.0.1")));
    discovery.register(web("web-2", "10.0.0.2"));
    store.wantsCompaction = true;
    discovery.register(web("web-3", "10.0.0.3"));

    store.completeNext();

    assertThat(store.compactions).hasSize(1);
    StoredState state = store.compactions.get(0);
    assertThat(state.index()).isEqualTo(3);
    assertThat(state.instances()).extracting(Instance::id).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
  }

  /** Makes every waiting append durable, then waits for {@code stage}. */
  private <T> T durably(CompletionStage<T> stage) {
    store.completeAll();
    return stage.toCompletableFuture().join();
  }

  private CompletableFuture<CatalogNode> registerDb1(String address, Optional<Instance> service) {
    return discovery.catalog().register(CatalogNode.of("db1", address), false, service, List.of())
        .toCompletableFuture();
  }

  private static Instance pg(String id, String address) {
    return new Instance(id, ServiceName.of("pg"), address, 5432, List.of(), java.util.Map.of(), null, null,
        List.of(), null, 0, 0, "db1");
  }

  private static Instance web(String id, String address) {
    return Instance.of(id, "web", address, 80, List.of());
  }

  private static Instance ttlChecked(String id) {
    return web(id, "10.0.0.1").withChecks(List.of(CheckSpec.ttl(id + "-ttl", Duration.ofMinutes(5))));
  }

  /** Appends wait until the test completes or fails them, in order, as the journal does. */
  private static final class GatedStore implements RegistryStore {
    final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    final List<StoredState> compactions = new ArrayList<>();
    volatile StoreException refuse;
    volatile boolean wantsCompaction;

    @Override
    public StoredState load() {
      return StoredState.EMPTY;
    }

    @Override
    public synchronized CompletionStage<Void> append(Change change) {
      if (refuse != null) {
        throw refuse;
      }
      CompletableFuture<Void> durable = new CompletableFuture<>();
      waiting.add(durable);
      return durable;
    }

    void completeNext() {
      CompletableFuture<Void> next;
      synchronized (this) {
        next = waiting.poll();
      }
      next.complete(null);
    }

    void completeAll() {
      drain(next -> next.complete(null));
    }

    void failAll(StoreException e) {
      drain(next -> next.completeExceptionally(e));
    }

    /** Answers every waiting append in order, outside the lock: the registry's callbacks run meanwhile. */
    private void drain(java.util.function.Consumer<CompletableFuture<Void>> answer) {
      while (true) {
        CompletableFuture<Void> next;
        synchronized (this) {
          next = waiting.poll();
        }
        if (next == null) {
          return;
        }
        answer.accept(next);
      }
    }

    @Override
    public boolean wantsCompaction() {
      return wantsCompaction;
    }

    @Override
    public void compact(StoredState state) {
      compactions.add(state);
      wantsCompaction = false;
    }

    @Override
    public void close() {
    }
  }
}
