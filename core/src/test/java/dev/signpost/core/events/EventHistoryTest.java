package dev.signpost.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.ChangeOrigin;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.testing.ManualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventHistoryTest {

  private final ManualTime time = new ManualTime();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().time(time).build();
  @TempDir
  Path dir;

  @AfterEach
  void close() {
    discovery.close();
  }

  private static Instance web(String id, CheckSpec... checks) {
    return Instance.of(id, "web", "10.0.0.3", 8080, List.of()).withChecks(List.of(checks));
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void eachKindOfChangeBecomesOneEntryWithItsIndexTimeAndDnsTransition() {
    EventHistory history = EventHistory.inMemory(100, HealthFilter.DEFAULT, time);
    discovery.addListener(history);
    join(discovery.as(ChangeOrigin.api("3f2a", "10.1.2.3"),
        () -> discovery.register(web("web-3", CheckSpec.ttl("service:web-3", Duration.ofSeconds(30))))));
    time.advance(Duration.ofSeconds(5));
    join(discovery.reportTtl("service:web-3", HealthStatus.PASSING, "ok"));
    time.advance(Duration.ofSeconds(5));
    join(discovery.reportTtl("service:web-3", HealthStatus.CRITICAL, "HTTP GET /health: 503 Service Unavailable"));
    join(discovery.reportTtl("service:web-3", HealthStatus.CRITICAL, "still 503")); // output only: no entry
    join(discovery.maintenance("web-3", true, "upgrade"));
    join(discovery.maintenance("web-3", false, ""));
    join(discovery.register(web("web-3", CheckSpec.ttl("service:web-3", Duration.ofSeconds(30)))
        .withChecks(List.of(CheckSpec.ttl("service:web-3", Duration.ofSeconds(30)))).withIndexes(0, 0)));
    join(discovery.setPolicy("web", new ServicePolicy("weighted", OptionalLong.of(10), 3)));
    join(discovery.deregister("web-3"));

    List<HistoryEntry> all = history.after(0, e -> true, 100);
    assertThat(all).extracting(e -> e.type().wireName())
        .containsExactly("registered", "health", "health", "maintenance", "maintenance", "policy", "deregistered");
    HistoryEntry registered = all.get(0);
    assertThat(registered.by()).isEqualTo("token 3f2a from 10.1.2.3");
    assertThat(registered.summary()).isEqualTo("web-3 (web) registered at 10.0.0.3:8080, not in DNS: critical");
    assertThat(registered.time()).isEqualTo(ManualTime.START);
    HistoryEntry left = all.get(2);
    assertThat(left.by()).isEqualTo("check service:web-3");
    assertThat(left.wasInDns()).isTrue();
    assertThat(left.inDns()).isFalse();
    assertThat(left.previousStatus()).contains(HealthStatus.PASSING);
    assertThat(left.status()).contains(HealthStatus.CRITICAL);
    assertThat(left.summary())
        .isEqualTo("web-3 left DNS: check 'service:web-3' critical: HTTP GET /health: 503 Service Unavailable");
    assertThat(left.check()).get().extracting(HistoryEntry.Check::previousStatus).isEqualTo(HealthStatus.PASSING);
    assertThat(left.time()).isEqualTo(ManualTime.START.plusSeconds(10));
    assertThat(all.get(3).summary()).startsWith("web-3 (web) entered maintenance: upgrade");
    assertThat(all.get(5).summary()).isEqualTo("policy of web set: strategy weighted, ttl 10s, answer limit 3");
    assertThat(all.get(6).previousStatus()).contains(HealthStatus.CRITICAL);
    assertThat(all).extracting(HistoryEntry::index).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aChecksSinceMovesWithItsStatusAndStaysWhenOnlyItsOutputChanges() {
    join(discovery.register(web("web-1", CheckSpec.ttl("t", Duration.ofSeconds(30)))));
    time.advance(Duration.ofSeconds(7));
    join(discovery.reportTtl("t", HealthStatus.PASSING, "ok"));
    time.advance(Duration.ofSeconds(7));
    Instance after = join(discovery.reportTtl("t", HealthStatus.PASSING, "still ok")).orElseThrow();
    assertThat(after.checkState("t").orElseThrow().since()).contains(ManualTime.START.plusSeconds(7));
    long index = discovery.index();
    join(discovery.reportTtl("t", HealthStatus.PASSING, "still ok"));
    assertThat(discovery.index()).as("an unchanged re-report writes nothing").isEqualTo(index);
  }

  @Test
  void queriesFilterByIndexAndPredicateAndLimitAndOnlyTheLastNAreKept() {
    EventHistory history = EventHistory.inMemory(3, HealthFilter.DEFAULT, time);
    discovery.addListener(history);
    for (int i = 1; i <= 5; i++) {
      join(discovery.register(Instance.of("a-" + i, i % 2 == 0 ? "api" : "web", "10.0.0." + i, 80, List.of())));
    }
    assertThat(history.after(0, e -> true, 10)).extracting(HistoryEntry::instance)
        .containsExactly("a-3", "a-4", "a-5");
    assertThat(history.oldestIndex()).isEqualTo(3);
    assertThat(history.after(3, e -> e.ofService("WEB"), 10)).extracting(HistoryEntry::instance)
        .containsExactly("a-5");
    assertThat(history.after(0, e -> true, 1)).extracting(HistoryEntry::instance).containsExactly("a-3");
  }

  @Test
  void aSubscriberGetsTheReplayThenLiveEntriesNoneTwice() {
    EventHistory history = EventHistory.inMemory(10, HealthFilter.DEFAULT, time);
    discovery.addListener(history);
    join(discovery.register(Instance.of("a-1", "web", "10.0.0.1", 80, List.of())));
    List<HistoryEntry> live = new ArrayList<>();
    EventHistory.Subscription s = history.subscribe(0, e -> true, live::add);
    join(discovery.register(Instance.of("a-2", "web", "10.0.0.2", 80, List.of())));
    s.close();
    join(discovery.register(Instance.of("a-3", "web", "10.0.0.3", 80, List.of())));
    assertThat(s.replay()).extracting(HistoryEntry::instance).containsExactly("a-1");
    assertThat(live).extracting(HistoryEntry::instance).containsExactly("a-2");
  }

  @Test
  void theHistorySurvivesARestartAndATornLastLineIsSkipped() throws Exception {
    try (EventHistory history = EventHistory.open(dir, 100, HealthFilter.DEFAULT, time)) {
      discovery.addListener(history);
      join(discovery.register(Instance.of("a-1", "web", "10.0.0.1", 80, List.of())));
      join(discovery.deregister("a-1"));
    }
    Path file = dir.resolve(HistoryFile.NAME);
    Files.writeString(file, "{\"index\":9,\"ti", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    try (EventHistory again = EventHistory.open(dir, 100, HealthFilter.DEFAULT, time)) {
      assertThat(again.after(0, e -> true, 10)).extracting(e -> e.type().wireName())
          .containsExactly("registered", "deregistered");
      assertThat(again.after(0, e -> true, 10).get(0).summary()).isEqualTo("a-1 (web) registered at 10.0.0.1:80");
    }
  }

  @Test
  void theFileIsCompactedToTheLastNOnceItHoldsTwiceAsMany() throws Exception {
    try (EventHistory history = EventHistory.open(dir, 2, HealthFilter.DEFAULT, time)) {
      discovery.addListener(history);
      for (int i = 1; i <= 5; i++) {
        join(discovery.register(Instance.of("a-" + i, "web", "10.0.0." + i, 80, List.of())));
      }
    }
    List<String> lines = Files.readAllLines(dir.resolve(HistoryFile.NAME));
    assertThat(lines.size()).isLessThanOrEqualTo(4);
    try (EventHistory again = EventHistory.open(dir, 2, HealthFilter.DEFAULT, time)) {
      assertThat(again.after(0, e -> true, 10)).extracting(HistoryEntry::instance).containsExactly("a-4", "a-5");
    }
  }

  @Test
  void aFullQueueDropsHistoryWritesAndNeverBlocksARegistration() throws Exception {
    HeldExecutor writer = new HeldExecutor();
    try (EventHistory history = EventHistory.open(dir, 100, HealthFilter.DEFAULT, time, writer, 2)) {
      discovery.addListener(history);
      for (int i = 1; i <= 5; i++) {
        join(discovery.register(Instance.of("a-" + i, "web", "10.0.0." + i, 80, List.of())));
      }
      assertThat(history.droppedWrites()).isEqualTo(3);
      assertThat(history.after(0, e -> true, 10)).hasSize(5); // memory keeps them all
      writer.runHeld();
    }
    assertThat(Files.readAllLines(dir.resolve(HistoryFile.NAME))).hasSize(2);
  }

  /** An executor that runs nothing until told to: a writer stuck on a slow disk. */
  private static final class HeldExecutor extends AbstractExecutorService {
    private final List<Runnable> held = new ArrayList<>();
    private boolean shut;

    void runHeld() {
      List<Runnable> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Runnable::run);
    }

    @Override
    public void execute(Runnable command) {
      held.add(command);
    }

    @Override
    public void shutdown() {
      shut = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shut = true;
      return List.copyOf(held);
    }

    @Override
    public boolean isShutdown() {
      return shut;
    }

    @Override
    public boolean isTerminated() {
      return shut;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
