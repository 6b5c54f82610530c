package dev.signpost.core.passive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.balance.breaker.BreakerStatus;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.cluster.CheckPlacement;
import dev.signpost.core.health.InstanceUpdates;
import dev.signpost.core.health.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Passive health against reporters that lie, flood or race: counts that overflow, reports for instances
 * leaving, services with passive health off, instances in maintenance, and storms of failures over every
 * instance of a small service, which must never take out more than its share nor its last instance in DNS.
 */
class PassiveHealthAttackTest {

  private static final long MAX = Long.MAX_VALUE;

  private ManualScheduler clock;
  private ServiceDiscovery discovery = open(true);

  private ServiceDiscovery open(boolean passiveByDefault) {
    clock = new ManualScheduler();
    return ServiceDiscovery.builder().healthScheduler(clock).healthFilter(HealthFilter.DEFAULT)
        .probe(check -> new CompletableFuture<>()).passiveHealth(new PassiveOptions(passiveByDefault, 100)).build();
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  private String[] register(String service, int count) {
    String[] ids = IntStream.rangeClosed(1, count).mapToObj(n -> service + "-" + n).toArray(String[]::new);
    for (String id : ids) {
      discovery.register(Instance.of(id, service, "10.0.0." + (id.hashCode() & 0x7f), 80, List.of()))
          .toCompletableFuture().join();
    }
    clock.runDue();
    return ids;
  }

  private PassiveReport calls(String id, boolean success, int times) {
    List<CallOutcome> calls = Collections.nCopies(times, CallOutcome.of(success));
    return discovery.reportOutcomes(id, new Outcomes.Calls(calls)).orElseThrow();
  }

  private PassiveReport counts(String id, long successes, long failures) {
    return discovery.reportOutcomes(id, new Outcomes.Counts(successes, failures)).orElseThrow();
  }

  private Optional<HealthStatus> passive(String id) {
    return discovery.instance(id).orElseThrow().checkState(PassiveCheck.id(id)).map(s -> s.status());
  }

  private List<String> served(String service) {
    return discovery.serving(service).instances().stream().map(Instance::id).toList();
  }

  private void policy(String service, int maxEjectedPercent) {
    PassivePolicy passive = new PassivePolicy(true, BreakerSettings.DEFAULTS, maxEjectedPercent);
    discovery.setPolicy(service, new ServicePolicy("round-robin", OptionalLong.empty(), OptionalInt.empty(),
        Optional.of(passive))).toCompletableFuture().join();
    clock.runDue();
  }

  private long openBreakers(String... ids) {
    return List.of(ids).stream().map(id -> discovery.passiveHealth().breaker(id))
        .filter(b -> b.map(BreakerStatus::state).orElse(BreakerState.CLOSED) == BreakerState.OPEN).count();
  }

  @ParameterizedTest(name = "{0} successes and {1} failures")
  @CsvSource({
      "9223372036854775807, 9223372036854775807, 18446744073709551614",
      "9223372036854775807, 1, 9223372036854775808",
      "1, 9223372036854775807, 9223372036854775808",
      "51, 50, 101"})
  void countsOverTheBoundAreRefusedWholeEvenWhenTheirSumWrapsALong(long successes, long failures, String held) {
    register("web", 2);
    calls("web-1", false, 4);
    long index = discovery.index();

    assertThatThrownBy(() -> counts("web-1", successes, failures))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessage("a report may hold at most 100 outcomes (--passive-max-batch), this one holds " + held);

    assertThat(new Outcomes.Counts(successes, failures).size()).isGreaterThan(100);
    assertThat(discovery.passiveHealth().batchesRefused()).isEqualTo(1);
    assertThat(discovery.passiveHealth().successesReported()).isZero();
    assertThat(discovery.passiveHealth().failuresReported()).isEqualTo(4);
    BreakerStatus breaker = discovery.passiveHealth().breaker("web-1").orElseThrow();
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.consecutiveFailures()).as("the run of failures was neither reset nor extended").isEqualTo(4);
    assertThat(discovery.index()).isEqualTo(index);
  }

  @Test
  void relayedCountsNearLongMaxValueLeaveTheBreakersSaneAndTheShareHolds() {
    String[] ids = register("web", 2);

    discovery.relayedOutcomes("web-1", MAX, MAX);
    discovery.relayedOutcomes("web-1", MAX, 0);
    discovery.relayedOutcomes("web-2", 0, MAX);
    discovery.relayedOutcomes("web-1", 0, MAX);
    clock.runDue();

    for (String id : ids) {
      BreakerStatus status = discovery.passiveHealth().breaker(id).orElseThrow();
      assertThat(status.consecutiveFailures()).isNotNegative();
    }
    assertThat(openBreakers(ids)).isEqualTo(1);
    assertThat(served("web")).hasSize(1);
  }

  @Test
  void aServiceWithPassiveHealthOffGetsNoBreakerHoweverManyFailuresAreReported() {
    discovery.close();
    discovery = open(false);
    register("web", 2);
    long index = discovery.index();

    for (int i = 0; i < 50; i++) {
      assertThat(counts("web-1", 0, 100).passive()).isFalse();
      assertThat(calls("web-2", false, 100).state()).isEmpty();
    }
    clock.runDue();

    assertThat(discovery.passiveHealth().breaker("web-1")).isEmpty();
    assertThat(discovery.passiveHealth().breaker("web-2")).isEmpty();
    assertThat(passive("web-1")).isEmpty();
    assertThat(served("web")).containsExactly("web-1", "web-2");
    assertThat(discovery.passiveHealth().ejections()).isZero();
    assertThat(discovery.index()).isEqualTo(index);
  }

  @Test
  void failuresOfAnInstanceInMaintenanceEjectItAndItsMaintenanceStays() {
    register("web", 3);
    discovery.maintenance("web-1", true, "upgrade").toCompletableFuture().join();

    calls("web-1", false, 5);
    clock.runDue();

    assertThat(passive("web-1")).contains(HealthStatus.CRITICAL);
    assertThat(discovery.instance("web-1").orElseThrow().health().maintenance()).contains("upgrade");
    discovery.maintenance("web-1", false, null).toCompletableFuture().join();
    clock.runDue();
    assertThat(served("web")).as("still ejected once out of maintenance").containsExactly("web-2", "web-3");
  }

  @Test
  void anInstanceInMaintenanceIsNotServedSoTheOnlyOtherOneIsNeverEjected() {
    register("web", 2);
    discovery.maintenance("web-2", true, "").toCompletableFuture().join();
    clock.runDue();

    calls("web-1", false, 5);
    counts("web-1", 0, 100);
    clock.runDue();

    assertThat(passive("web-1")).contains(HealthStatus.PASSING);
    assertThat(served("web")).containsExactly("web-1");
    assertThat(discovery.passiveHealth().ejections()).isZero();
  }

  /**
   * A report that found its instance just before it was deregistered: the breaker it makes must not outlive the
   * instance, nor count toward the service's share. Built without a registry, whose lookup and write the
   * deregistration separates.
   */
  @Test
  void aReportRacingTheDeregistrationOfItsInstanceLeavesNoBreakerBehind() {
    Instance ghost = Instance.of("web-1", "web", "10.0.0.1", 80, List.of());
    List<Instance> others = List.of(Instance.of("web-2", "web", "10.0.0.2", 80, List.of()),
        Instance.of("web-3", "web", "10.0.0.3", 80, List.of()));
    InstanceUpdates deregistered = new InstanceUpdates() {
      @Override
      public Optional<Instance> instance(String instanceId) {
        return instanceId.equals(ghost.id()) ? Optional.of(ghost) : Optional.empty(); // looked up just before
      }

      @Override
      public Optional<Instance> instanceByCheck(String checkId) {
        return Optional.empty();
      }

      @Override
      public CompletionStage<Optional<Instance>> updateHealth(String instanceId, UnaryOperator<Instance> change) {
        return CompletableFuture.completedFuture(Optional.empty()); // gone by the time its check is written
      }

      @Override
      public CompletionStage<Optional<Instance>> deregisterIf(String instanceId, Predicate<Instance> condition) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
    };
    ManualScheduler scheduler = new ManualScheduler();
    PassiveHealth passive = new PassiveHealth(deregistered, service -> others, service -> PassivePolicy.DEFAULT,
        HealthFilter.DEFAULT, scheduler, CheckPlacement.everything(), OutcomeRelay.NONE, new PassiveOptions(true, 100));

    PassiveReport report = passive.report("web-1", new Outcomes.Counts(0, 100)).orElseThrow();
    scheduler.runDue();

    assertThat(report.passive()).isTrue();
    assertThat(passive.breaker("web-1")).isEmpty();
    assertThat(passive.openNow()).isZero();
    assertThat(passive.halfOpenNow()).isZero();
    scheduler.close();
  }

  @ParameterizedTest(name = "{0} instances, MaxEjectedPercent {1}")
  @CsvSource({"2, 50", "3, 50", "4, 50", "2, 100", "3, 100", "4, 100", "4, 75", "3, 34"})
  void aStormOfReportsOverEveryInstanceNeverTakesOutMoreThanTheShareNorTheLastInstance(int n, int percent) {
    String[] ids = register("web", n);
    policy("web", percent);
    int allowed = Math.min(n - 1, n * percent / 100);
    Random random = new Random(20 * n + percent);

    for (int step = 0; step < 400; step++) {
      String id = ids[random.nextInt(n)];
      switch (random.nextInt(6)) {
        case 0 -> calls(id, false, 1 + random.nextInt(10));
        case 1 -> counts(id, 0, random.nextInt(101));
        case 2 -> counts(id, random.nextInt(3), 20 + random.nextInt(79));
        case 3 -> calls(id, true, 1 + random.nextInt(3));
        case 4 -> clock.advance(Duration.ofSeconds(random.nextInt(40)));
        default -> discovery.relayedOutcomes(id, 0, 5);
      }
      assertThat(openBreakers(ids)).as("step %d", step).isLessThanOrEqualTo(allowed);
      clock.runDue();
      long critical = List.of(ids).stream().filter(i -> passive(i).orElseThrow() == HealthStatus.CRITICAL).count();
      assertThat(critical).as("step %d", step).isLessThanOrEqualTo(allowed);
      assertThat(served("web")).as("step %d", step).isNotEmpty();
    }
    assertThat(discovery.passiveHealth().ejections()).as("the storm ejected someone").isPositive();
    assertThat(discovery.passiveHealth().ejectionsRefused()).as("and was refused more").isPositive();
  }

  @ParameterizedTest(name = "{0} instances")
  @CsvSource({"2", "3", "4"})
  void concurrentStormsOnEveryInstanceNeverTakeOutMoreThanHalf(int n) throws Exception {
    String[] ids = register("web", n);
    int allowed = n / 2;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      List<Future<Long>> mostSeen = new ArrayList<>();
      for (String id : ids) {
        mostSeen.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          long most = 0;
          for (int i = 0; i < 200; i++) {
            if (i % 2 == 0) {
              counts(id, 0, 5);
            } else {
              calls(id, false, 5);
            }
            most = Math.max(most, openBreakers(ids));
          }
          return most;
        }));
      }
      for (Future<Long> seen : mostSeen) {
        assertThat(seen.get(30, TimeUnit.SECONDS)).isLessThanOrEqualTo(allowed);
      }
    } finally {
      threads.shutdownNow();
    }
    clock.runDue();

    assertThat(openBreakers(ids)).isEqualTo(allowed);
    assertThat(served("web")).hasSize(n - allowed);
    assertThat(discovery.passiveHealth().openNow()).isEqualTo(allowed);
  }
}
