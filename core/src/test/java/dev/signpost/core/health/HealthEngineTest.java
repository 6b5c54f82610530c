package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.InMemoryStore;
import dev.signpost.core.storage.JournalStore;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health engine on a hand-driven clock: thresholds, jitter, TTLs, reaping, and what stops checks. */
class HealthEngineTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProbe probe = new FakeProbe(clock);
  /** The store of a registry opened without a data dir: in memory, refusing writes when a test says so. */
  private final RefusingStore store = new RefusingStore();
  /** What the engine's {@link CheckObserver} was told: kind, status, duration. */
  private final List<String> told = new java.util.ArrayList<>();
  private ServiceDiscovery discovery = open(null);

  private ServiceDiscovery open(Path dir) {
    ServiceDiscovery.Builder b = ServiceDiscovery.builder().healthScheduler(clock).probe(probe)
        .random(new SplittableRandom(7))
        .checkObserver((kind, status, took) -> told.add(kind + " " + status + " " + took));
    b.store(dir == null ? store : JournalStore.open(dir));
    return b.build();
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  static CheckSpec http(String id, Duration interval, int successBefore, int failuresBeforeWarning,
      int failuresBeforeCritical) {
    return new CheckSpec(id, "", "", "http://10.0.0.1:8080/health", "", null, false, "", null, interval, null,
        null, successBefore, failuresBeforeWarning, failuresBeforeCritical, null);
  }

  static CheckSpec ttl(String id, Duration ttl, Duration deregisterAfter) {
    return new CheckSpec(id, "", "", "", "", null, false, "", ttl, null, null, null, 0, 0, 0, deregisterAfter);
  }

  private void register(String id, CheckSpec... checks) {
    discovery.register(Instance.of(id, "web", "10.0.0.1", 8080, List.of()).withChecks(List.of(checks)))
        .toCompletableFuture().join();
    clock.runDue();
  }

  private HealthStatus status(String id) {
    return discovery.instance(id).orElseThrow().status();
  }

  private void heartbeat(String checkId, HealthStatus status, String note) {
    discovery.reportTtl(checkId, status, note).toCompletableFuture().join();
    clock.runDue();
  }

  @Test
  void everyProbeIsToldWithItsKindRawResultAndDurationBeforeTheThresholds() {
    probe.hold();
    register("web-1", http("c1", SECOND, 0, 0, 2));
    clock.advance(Duration.ofMillis(300));
    probe.release(HealthStatus.PASSING);
    clock.runDue();
    probe.answer("c1", HealthStatus.CRITICAL);
    clock.advance(SECOND);

    assertThat(told).containsExactly("HTTP PASSING PT0.3S", "HTTP CRITICAL PT0S");
    assertThat(status("web-1")).as("one failure is below FailuresBeforeCritical").isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void theFirstCheckRunsAtOnceAndAPassMakesTheInstanceServable() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    assertThat(probe.runsOf("c1")).containsExactly(Duration.ZERO);
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    assertThat(discovery.instance("web-1").orElseThrow().checkState("c1").orElseThrow().output())
        .isEqualTo("probe says passing");
  }

  @Test
  void untilTheFirstResultAnInstanceIsCriticalUnlessRegisteredPassing() {
    probe.hold();
    register("web-1", http("c1", SECOND, 0, 0, 0));
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    CheckSpec passingFirst = new CheckSpec("c2", "", "", "http://10.0.0.2/", "", null, false, "", null, SECOND,
        null, HealthStatus.PASSING, 0, 0, 0, null);
    register("web-2", passingFirst);
    assertThat(status("web-2")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void anInstanceGoesCriticalOnlyAfterFailuresBeforeCriticalConsecutiveFailures() {
    register("web-1", http("c1", SECOND, 0, 0, 2));
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    probe.answer("c1", HealthStatus.CRITICAL);
    clock.advance(SECOND);
    assertThat(probe.runsOf("c1")).hasSize(2);
    assertThat(status("web-1")).as("one failure is below the threshold").isEqualTo(HealthStatus.PASSING);
    clock.advance(SECOND);
    assertThat(probe.runsOf("c1")).hasSize(3);
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(discovery.instance("web-1").orElseThrow().checkState("c1").orElseThrow().output())
        .isEqualTo("probe says critical");
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    register("web-1", http("c1", SECOND, 0, 0, 2));
    for (int i = 0; i < 5; i++) {
      probe.answer("c1", i % 2 == 0 ? HealthStatus.CRITICAL : HealthStatus.PASSING);
      clock.advance(SECOND);
      assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    }
  }

  @Test
  void failuresBeforeWarningReportWarningUntilTheCriticalThreshold() {
    register("web-1", http("c1", SECOND, 0, 1, 3));
    probe.answer("c1", HealthStatus.CRITICAL);
    clock.advance(SECOND);
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    clock.advance(SECOND);
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    clock.advance(SECOND);
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void successBeforePassingNeedsThatManyConsecutiveSuccesses() {
    register("web-1", http("c1", SECOND, 3, 0, 0));
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    clock.advance(SECOND);
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    clock.advance(SECOND);
    assertThat(probe.runsOf("c1")).hasSize(3);
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void aWarningResultCountsAsSuccessButReportsWarning() {
    probe.answer("c1", HealthStatus.WARNING);
    register("web-1", http("c1", SECOND, 0, 0, 0));
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
  }

  @Test
  void checksRegisteredTogetherSpreadOverTheIntervalAndNeverRunLate() {
    Duration interval = Duration.ofSeconds(10);
    int n = 1000;
    for (int i = 0; i < n; i++) {
      register("web-" + i, http("c" + i, interval, 0, 0, 0));
    }
    clock.advance(Duration.ofSeconds(60));
    int[] buckets = new int[10];
    for (int i = 0; i < n; i++) {
      List<Duration> runs = probe.runsOf("c" + i);
      assertThat(runs.get(0)).isEqualTo(Duration.ZERO);
      Duration second = runs.get(1);
      assertThat(second).isBetween(Duration.ofSeconds(1), interval);
      buckets[(int) Math.min(9, second.toSeconds())]++;
      for (int r = 2; r < runs.size(); r++) {
        assertThat(runs.get(r).minus(runs.get(r - 1))).isBetween(Duration.ofSeconds(9), interval);
      }
    }
    // The second runs land in 9 of the 10 seconds of the interval, each holding about n/9.
    assertThat(buckets[0]).isZero();
    for (int s = 1; s < 10; s++) {
      assertThat(buckets[s]).as("second runs in second %d", s).isBetween(n / 9 / 2, n / 9 * 2);
    }
  }

  @Test
  void aHungProbeHoldsOnlyItsOwnCheckAndTheNextRunWaitsForIt() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    probe.hold();
    clock.advance(SECOND); // second run starts and hangs
    int runs = probe.runsOf("c1").size();
    clock.advance(Duration.ofSeconds(5));
    assertThat(probe.runsOf("c1")).as("no overlapping runs").hasSize(runs);
    probe.answer("c1", HealthStatus.CRITICAL);
    probe.release(HealthStatus.CRITICAL);
    clock.runDue();
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(probe.runsOf("c1")).as("the overdue next run follows at once").hasSize(runs + 1);
    clock.advance(SECOND);
    assertThat(probe.runsOf("c1")).hasSize(runs + 2);
  }

  @Test
  void theInstanceStatusIsTheWorstOfItsChecks() {
    register("web-1", ttl("a", Duration.ofMinutes(1), null), ttl("b", Duration.ofMinutes(1), null));
    heartbeat("a", HealthStatus.PASSING, "");
    assertThat(status("web-1")).as("b has not reported").isEqualTo(HealthStatus.CRITICAL);
    heartbeat("b", HealthStatus.WARNING, "");
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    heartbeat("b", HealthStatus.PASSING, "");
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    heartbeat("a", HealthStatus.CRITICAL, "");
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    discovery.maintenance("web-1", true, "").toCompletableFuture().join();
    assertThat(status("web-1")).isEqualTo(HealthStatus.MAINTENANCE);
  }

  @Test
  void aTtlCheckPassesOnlyWhileHeartbeatsArrive() {
    register("web-1", ttl("beat", Duration.ofSeconds(10), null));
    heartbeat("beat", HealthStatus.PASSING, "all good");
    clock.advance(Duration.ofSeconds(9));
    heartbeat("beat", HealthStatus.PASSING, "all good");
    clock.advance(Duration.ofSeconds(9));
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    clock.advance(Duration.ofSeconds(2));
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(discovery.instance("web-1").orElseThrow().checkState("beat").orElseThrow().output())
        .isEqualTo("TTL expired (last output before timeout follows): all good");
    heartbeat("beat", HealthStatus.PASSING, "back");
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    clock.advance(Duration.ofSeconds(11));
    assertThat(status("web-1")).as("the TTL runs again after a recovery").isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void onlyTtlChecksTakeHeartbeats() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    assertThatThrownBy(() -> discovery.reportTtl("c1", HealthStatus.PASSING, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only TTL checks");
    assertThat(discovery.reportTtl("nope", HealthStatus.PASSING, "").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void anInstanceCriticalForDeregisterCriticalServiceAfterIsDeregistered() {
    register("web-1", ttl("beat", Duration.ofSeconds(10), Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(29));
    assertThat(discovery.instance("web-1")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(discovery.instance("web-1")).isEmpty();
    assertThat(clock.pending()).as("its checks stopped").isZero();
  }

  @Test
  void aDeregistrationTheStoreRefusesIsTriedAgainEverySecondUntilItIsDurable() {
    register("web-1", ttl("beat", Duration.ofSeconds(10), Duration.ofSeconds(30)));
    store.refusing = true;

    clock.advance(Duration.ofSeconds(31));
    assertThat(discovery.instance("web-1")).as("a full disk: not deregistered yet").isPresent();
    clock.advance(Duration.ofSeconds(5));
    assertThat(discovery.instance("web-1")).isPresent();
    store.refusing = false;
    clock.advance(CriticalReaper.RETRY);
    assertThat(discovery.instance("web-1")).isEmpty();
  }

  /** An in-memory store that refuses every change at once while {@code refusing}, as on a full disk. */
  private static final class RefusingStore implements RegistryStore {
    private final InMemoryStore inner = new InMemoryStore();
    volatile boolean refusing;

    @Override
    public StoredState load() {
      return inner.load();
    }

    @Override
    public CompletionStage<Void> append(Change change) {
      if (refusing) {
        throw new StoreException("No space left on device");
      }
      return inner.append(change);
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
      inner.close();
    }
  }

  @Test
  void aRecoveryBeforeTheDeadlineCancelsTheDeregistration() {
    register("web-1", ttl("beat", Duration.ofSeconds(10), Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(20));
    heartbeat("beat", HealthStatus.PASSING, "");
    clock.advance(Duration.ofSeconds(15));
    assertThat(discovery.instance("web-1")).isPresent();
    // It fails again: the clock starts over from the new failure (TTL expiry at 30 s, deadline 60 s).
    clock.advance(Duration.ofSeconds(24));
    assertThat(discovery.instance("web-1")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(discovery.instance("web-1")).isEmpty();
  }

  @Test
  void deregisteringStopsTheChecksAtOnceAndALateResultChangesNothing() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    probe.hold();
    clock.advance(SECOND);
    long indexBefore = discovery.index();
    discovery.deregister("web-1").toCompletableFuture().join();
    clock.runDue();
    assertThat(clock.pending()).isZero();
    probe.release(HealthStatus.CRITICAL);
    clock.advance(Duration.ofSeconds(10));
    assertThat(discovery.index()).isEqualTo(indexBefore + 1);
    assertThat(probe.runsOf("c1")).hasSize(2);
  }

  @Test
  void aLateResultForARedefinedCheckChangesNothing() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    probe.hold();
    clock.advance(SECOND);
    CheckSpec redefined = new CheckSpec("c1", "", "", "http://10.0.0.1:9090/ready", "", null, false, "", null,
        SECOND, null, null, 0, 0, 0, null);
    discovery.register(Instance.of("web-1", "web", "10.0.0.1", 8080, List.of()).withChecks(List.of(redefined)))
        .toCompletableFuture().join();
    probe.release(HealthStatus.CRITICAL); // the old definition's answer
    clock.runDue();
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void reRegisteringKeepsTheStateOfChecksItKeeps() {
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    heartbeat("beat", HealthStatus.PASSING, "ok");
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void reRegisteringKeepsChecksItDoesNotListUnlessAskedToReplaceThem() {
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    discovery.addCheck("web-1", ttl("extra", Duration.ofMinutes(1), null)).toCompletableFuture().join();
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    assertThat(discovery.instance("web-1").orElseThrow().checks()).extracting(CheckSpec::checkId)
        .containsExactly("beat", "extra");

    discovery.register(Instance.of("web-1", "web", "10.0.0.1", 8080, List.of())
        .withChecks(List.of(ttl("beat", Duration.ofMinutes(1), null))), true).toCompletableFuture().join();
    clock.runDue();
    assertThat(discovery.instance("web-1").orElseThrow().checks()).extracting(CheckSpec::checkId)
        .containsExactly("beat");
    assertThat(discovery.instanceByCheck("extra")).isEmpty();
  }

  @Test
  void aCheckIdBelongsToOneInstance() {
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    assertThatThrownBy(() -> register("web-2", ttl("beat", Duration.ofMinutes(1), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CheckID 'beat' is already used");
  }

  @Test
  void anOutputChangeAloneIsWrittenAtMostOncePerSyncInterval() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    long index = discovery.index();
    List<Long> indexes = new ArrayList<>();
    probe.answer("c1", HealthStatus.WARNING);
    clock.advance(SECOND);
    indexes.add(discovery.index()); // a status change: written
    for (int i = 0; i < 10; i++) {
      probe.answer("c1", i % 2 == 0 ? HealthStatus.PASSING : HealthStatus.WARNING);
      clock.advance(SECOND);
    }
    assertThat(discovery.index() - index).as("ten status changes, ten writes").isEqualTo(11);
  }

  @Test
  void statusChangesSurviveARestart(@TempDir Path dir) {
    discovery.close();
    discovery = open(dir);
    register("web-1", ttl("beat", Duration.ofMinutes(1), null));
    heartbeat("beat", HealthStatus.WARNING, "disk 91% full");
    discovery.maintenance("web-1", true, "disk swap").toCompletableFuture().join();
    discovery.close();

    discovery = open(dir);
    clock.runDue();
    Instance back = discovery.instance("web-1").orElseThrow();
    assertThat(back.status()).isEqualTo(HealthStatus.MAINTENANCE);
    assertThat(back.checkState("beat").orElseThrow().output()).isEqualTo("disk 91% full");
    discovery.maintenance("web-1", false, "").toCompletableFuture().join();
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
  }

  @Test
  void probesFeedTheLatencyAndFailuresTheStrategiesRead() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    assertThat(discovery.stats().latency("web-1")).as("an instant fake probe").contains(Duration.ZERO);
    assertThat(discovery.stats().failedRecently("web-1")).isFalse();
    probe.answer("c1", HealthStatus.CRITICAL);
    clock.advance(SECOND);
    assertThat(discovery.stats().failedRecently("web-1")).isTrue();
    discovery.deregister("web-1").toCompletableFuture().join();
    clock.runDue();
    assertThat(discovery.stats().latency("web-1")).as("forgotten with the instance").isEmpty();
  }

  @Test
  void metricsCountChecksRunAndFailures() {
    register("web-1", http("c1", SECOND, 0, 0, 0));
    probe.answer("c1", HealthStatus.CRITICAL);
    clock.advance(Duration.ofSeconds(2));
    assertThat(discovery.metrics().checksRun()).isEqualTo(probe.runsOf("c1").size());
    assertThat(discovery.metrics().checkFailures()).isEqualTo(probe.runsOf("c1").size() - 1);
  }
}
