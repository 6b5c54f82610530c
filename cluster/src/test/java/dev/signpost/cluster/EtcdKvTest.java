package dev.signpost.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.cluster.testing.EtcdProcess;
import dev.signpost.cluster.testing.EtcdSupport;
import dev.signpost.core.KeyValueStore;
import dev.signpost.core.KvEntry;
import dev.signpost.core.KvOperation;
import dev.signpost.core.KvTransactionResult;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.TimeSource;
import dev.signpost.core.storage.LocalSnapshot;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key/value store shared by two nodes through a real etcd: one index, CAS as etcd's guard. */
class EtcdKvTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void etcd() {
    EtcdSupport.requireEtcd();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void keysWrittenOnOneNodeAreReadOnTheOtherWithTheSameIndexesAndDeletesTooIncludingTrees() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());

    assertThat(join(a.kv().put("config/web/port", bytes("8080"), 7, OptionalLong.empty()))).isTrue();
    assertThat(join(a.kv().put("config/web/host", bytes("h"), 0, OptionalLong.empty()))).isTrue();
    assertThat(join(a.kv().put("keep", new byte[KeyValueStore.MAX_VALUE_BYTES], 0, OptionalLong.empty()))).isTrue();
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() == a.index());

    KvEntry onA = a.kv().get("config/web/port").orElseThrow();
    assertThat(b.kv().get("config/web/port")).contains(onA);
    assertThat(onA.flags()).isEqualTo(7);
    assertThat(b.kv().get("keep").orElseThrow().size()).isEqualTo(KeyValueStore.MAX_VALUE_BYTES);

    assertThat(join(b.kv().deleteTree("config/"))).isTrue();
    await().atMost(5, TimeUnit.SECONDS).until(() -> a.kv().list("config/").isEmpty());
    assertThat(a.kv().list("")).extracting(KvEntry::key).containsExactly("keep");
    assertThat(a.kv().prefixIndex("config/")).isEqualTo(b.kv().prefixIndex("config/"));
  }

  @Test
  void twoNodesRacingWithTheSameCasHaveExactlyOneWinner() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    join(a.kv().put("leader", bytes("none"), 0, OptionalLong.empty()));
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() == a.index());
    long at = a.kv().keyIndex("leader");

    List<CompletableFuture<Boolean>> racing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      racing.add(a.kv().put("leader", bytes("a" + i), 0, OptionalLong.of(at)).toCompletableFuture());
      racing.add(b.kv().put("leader", bytes("b" + i), 0, OptionalLong.of(at)).toCompletableFuture());
    }
    List<Boolean> won = racing.stream().map(EtcdKvTest::join).toList();

    assertThat(Collections.frequency(won, true)).isEqualTo(1);
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() == a.index());
    assertThat(a.kv().get("leader")).isEqualTo(b.kv().get("leader"));
  }

  @Test
  void aTransactionIsAllOrNothingAcrossNodes() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    join(a.kv().put("x", bytes("1"), 0, OptionalLong.empty()));

    KvTransactionResult ok = join(a.kv().transaction(List.of(
        new KvOperation(KvOperation.Verb.SET, "y", bytes("2"), 0, 0),
        new KvOperation(KvOperation.Verb.DELETE, "x", null, 0, 0))));
    assertThat(ok.committed()).isTrue();
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() == a.index());
    assertThat(b.kv().list("")).extracting(KvEntry::key).containsExactly("y");
    long index = b.index();

    KvTransactionResult stale = join(b.kv().transaction(List.of(
        new KvOperation(KvOperation.Verb.SET, "z", bytes("3"), 0, 0),
        new KvOperation(KvOperation.Verb.CHECK_INDEX, "y", null, 0, 1))));
    assertThat(stale.committed()).isFalse();
    assertThat(b.index()).isEqualTo(index);
    assertThat(b.kv().get("z")).isEmpty();
  }

  private ServiceDiscovery node(String name, String url) {
    Client client = EtcdClients.connect(List.of(url), TIMEOUT);
    open.add(client);
    ServiceDiscovery discovery = ServiceDiscovery.builder().store(new EtcdStore(client, "/test/",
        LocalSnapshot.open(dir.resolve(name)), TIMEOUT, TimeSource.system())).build();
    open.add(discovery);
    return discovery;
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
