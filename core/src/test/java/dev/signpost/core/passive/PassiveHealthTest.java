package dev.signpost.core.passive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.balance.Client;
import dev.signpost.balance.Tiers;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.health.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassiveHealthTest {

  private ManualScheduler clock;
  private ServiceDiscovery discovery = open(true, HealthFilter.DEFAULT);

  /** A registry on a new manual clock (closing a registry closes its scheduler), starting at ManualTime.START. */
  private ServiceDiscovery open(boolean passiveByDefault, HealthFilter filter) {
    clock = new ManualScheduler();
    return ServiceDiscovery.builder().healthScheduler(clock).healthFilter(filter)
        .probe(check -> new CompletableFuture<>()).passiveHealth(new PassiveOptions(passiveByDefault, 100)).build();
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  private void register(String service, String... ids) {
    for (String id : ids) {
      discovery.register(Instance.of(id, service, "10.0.0." + (id.hashCode() & 0x7f), 80, List.of()))
          .toCompletableFuture().join();
    }
    clock.runDue();
  }

  private PassiveReport report(String id, boolean... outcomes) {
    List<CallOutcome> calls = new ArrayList<>();
    for (boolean ok : outcomes) {
      calls.add(CallOutcome.of(ok));
    }
    return discovery.reportOutcomes(id, new Outcomes.Calls(calls)).orElseThrow();
  }

  private PassiveReport fail(String id, int times) {
    return report(id, new boolean[times]);
  }

  private PassiveReport succeed(String id, int times) {
    boolean[] ok = new boolean[times];
    java.util.Arrays.fill(ok, true);
    return report(id, ok);
  }

  private Optional<CheckState> passive(String id) {
    return discovery.instance(id).orElseThrow().checkState(PassiveCheck.id(id));
  }

  private HealthStatus status(String id) {
    return passive(id).orElseThrow().status();
  }

  private List<String> served(String service) {
    return discovery.serving(service).instances().stream().map(Instance::id).toList();
  }

  private void policy(String service, PassivePolicy passive) {
    discovery.setPolicy(service, new ServicePolicy("round-robin", OptionalLong.empty(), OptionalInt.empty(),
        Optional.of(passive))).toCompletableFuture().join();
    clock.runDue();
  }

  private static PassivePolicy passive(int consecutive, Duration ejection, int maxEjectedPercent) {
    return new PassivePolicy(true, new BreakerSettings(consecutive, 50, 20, Duration.ofSeconds(30), ejection,
        Duration.ofMinutes(5), 3), maxEjectedPercent);
  }

  @Test
  void eachInstanceOfAServiceWithPassiveHealthHasAPassingPassiveCheck() {
    register("web", "web-1");

    assertThat(passive("web-1")).hasValueSatisfying(s -> {
      assertThat(s.status()).isEqualTo(HealthStatus.PASSING);
      assertThat(s.output()).isEqualTo("closed");
    });
  }

  @Test
  void withPassiveHealthOffReportsOnlyFeedLatencyAndNoCheckAppears() {
    discovery.close();
    discovery = open(false, HealthFilter.DEFAULT);
    register("web", "web-1");

    Optional<PassiveReport> report = discovery.reportOutcomes("web-1", new Outcomes.Calls(List.of(
        new CallOutcome(true, Optional.of(Duration.ofMillis(40))), CallOutcome.of(false), CallOutcome.of(false),
        CallOutcome.of(false), CallOutcome.of(false), CallOutcome.of(false))));
    clock.runDue();

    assertThat(report).hasValueSatisfying(r -> {
      assertThat(r.passive()).isFalse();
      assertThat(r.successes()).isEqualTo(1);
      assertThat(r.failures()).isEqualTo(5);
      assertThat(r.state()).isEmpty();
    });
    assertThat(passive("web-1")).isEmpty();
    assertThat(discovery.stats().latency("web-1")).contains(Duration.ofMillis(40));
    assertThat(discovery.stats().failedRecently("web-1")).as("a reported failure is no probe").isFalse();
    assertThat(discovery.passiveHealth().failuresReported()).isEqualTo(5);
  }

  @Test
  void fiveFailuresEjectTheInstanceUntilTheEjectionTimeEndsThenItIsOnTrialInTheLastTier() {
    register("web", "web-1", "web-2", "web-3");

    assertThat(fail("web-1", 4).state()).contains(BreakerState.CLOSED);
    PassiveReport report = fail("web-1", 1);

    assertThat(report.state()).contains(BreakerState.OPEN);
    assertThat(passive("web-1")).hasValueSatisfying(s -> {
      assertThat(s.status()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(s.output()).isEqualTo("open since 2026-01-01T00:00:00Z after 5 consecutive failures, out for 30s");
    });
    assertThat(served("web")).containsExactly("web-2", "web-3");
    assertThat(discovery.passiveHealth().openNow()).isEqualTo(1);
    assertThat(discovery.passiveHealth().ejections()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    clock.advance(Duration.ofMillis(1));

    assertThat(passive("web-1")).hasValueSatisfying(s -> {
      assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
      assertThat(s.output()).isEqualTo("half-open since 2026-01-01T00:00:30Z: 0 of 3 successes");
    });
    assertThat(served("web")).containsExactly("web-1", "web-2", "web-3");
    Instance back = discovery.instance("web-1").orElseThrow();
    assertThat(Tiers.priority(back, new Client(java.net.InetAddress.getLoopbackAddress()))).isEqualTo(3);
    assertThat(discovery.passiveHealth().halfOpenNow()).isEqualTo(1);
    assertThat(discovery.passiveHealth().openNow()).isZero();
  }

  @Test
  void threeSuccessesCloseAHalfOpenBreakerAndTheCheckPassesAgain() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    clock.advance(Duration.ofSeconds(30));

    succeed("web-1", 2);
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    PassiveReport report = succeed("web-1", 1);

    assertThat(report.state()).contains(BreakerState.CLOSED);
    assertThat(passive("web-1")).hasValueSatisfying(s -> {
      assertThat(s.status()).isEqualTo(HealthStatus.PASSING);
      assertThat(s.output()).isEqualTo("closed");
    });
    assertThat(discovery.passiveHealth().halfOpenNow()).isZero();
  }

  @Test
  void aHalfOpenBreakersProgressIsWrittenAtMostOnceASecond() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    clock.advance(Duration.ofSeconds(30));

    succeed("web-1", 1);
    assertThat(passive("web-1").orElseThrow().output()).endsWith("1 of 3 successes");
    clock.advance(PassiveHealth.OUTPUT_SYNC.minusMillis(1));
    succeed("web-1", 1);
    assertThat(passive("web-1").orElseThrow().output()).as("too soon after the last write")
        .endsWith("1 of 3 successes");

    clock.advance(Duration.ofMillis(1));
    assertThat(passive("web-1").orElseThrow().output()).endsWith("2 of 3 successes");
  }

  @Test
  void aFailureWhileHalfOpenReopensForTwiceAsLong() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    clock.advance(Duration.ofSeconds(30));

    fail("web-1", 1);

    assertThat(passive("web-1").orElseThrow().output())
        .isEqualTo("open since 2026-01-01T00:00:30Z after a failure while half-open, out for 60s");
    clock.advance(Duration.ofSeconds(59));
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    clock.advance(Duration.ofSeconds(1));
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    assertThat(discovery.passiveHealth().ejections()).isEqualTo(2);
  }

  @Test
  void aHighFailureRateEjectsToo() {
    register("web", "web-1", "web-2");

    discovery.reportOutcomes("web-1", new Outcomes.Counts(9, 10)).orElseThrow();
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    discovery.reportOutcomes("web-1", new Outcomes.Counts(1, 1)).orElseThrow();

    assertThat(passive("web-1").orElseThrow().output())
        .isEqualTo("open since 2026-01-01T00:00:00Z: 11 of 21 calls failed in 30s, out for 30s");
  }

  @ParameterizedTest(name = "{0} instances: at most {1} out")
  @CsvSource({"1, 0", "2, 1", "3, 1", "4, 2", "5, 2"})
  void reportsNeverEjectMoreThanHalfOfAService(int instances, int ejectable) {
    String[] ids = IntStream.rangeClosed(1, instances).mapToObj(n -> "web-" + n).toArray(String[]::new);
    register("web", ids);

    for (String id : ids) {
      fail(id, 5);
    }

    long out = List.of(ids).stream().filter(id -> status(id) == HealthStatus.CRITICAL).count();
    assertThat(out).isEqualTo(ejectable);
    assertThat(served("web")).hasSize(instances - ejectable);
    assertThat(discovery.passiveHealth().ejections()).isEqualTo(ejectable);
    assertThat(discovery.passiveHealth().ejectionsRefused()).isEqualTo(instances - ejectable);
    String kept = ids[ids.length - 1];
    assertThat(passive(kept).orElseThrow()).satisfies(s -> {
      assertThat(s.status()).isEqualTo(HealthStatus.PASSING);
      assertThat(s.output()).startsWith("closed; ejection refused at 2026-01-01T00:00:00Z: MaxEjectedPercent 50 allows "
          + ejectable + " of " + instances);
    });
  }

  @Test
  void aRefusedBreakerAsksAgainAtEachFailureAndGoesOnceTheShareAllows() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    fail("web-2", 5);
    assertThat(status("web-2")).isEqualTo(HealthStatus.PASSING);

    clock.advance(Duration.ofSeconds(30)); // web-1 half-open: no longer out
    fail("web-2", 1);

    assertThat(status("web-2")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(passive("web-2").orElseThrow().output()).contains("after 6 consecutive failures");
  }

  @Test
  void theLastInstanceInDnsIsNeverEjected() {
    register("web", "web-1", "web-2");
    CheckSpec failing = CheckSpec.ttl("", Duration.ofMinutes(10));
    for (String id : List.of("web-3", "web-4")) {
      discovery.register(new Instance(id, dev.signpost.core.ServiceName.of("web"), "10.0.0.9", 80, List.of(),
          java.util.Map.of(), null, null, List.of(failing), null, 0, 0)).toCompletableFuture().join();
    }
    clock.runDue();
    assertThat(served("web")).containsExactly("web-1", "web-2");

    fail("web-1", 5);
    fail("web-2", 5);

    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(status("web-2")).isEqualTo(HealthStatus.PASSING);
    assertThat(passive("web-2").orElseThrow().output()).endsWith("no other instance of web would be left in DNS");
    assertThat(served("web")).containsExactly("web-2");
  }

  @Test
  void deregisteringAnInstanceForgetsItsBreaker() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);

    discovery.deregister("web-1").toCompletableFuture().join();
    clock.runDue();

    assertThat(discovery.passiveHealth().breaker("web-1")).isEmpty();
    assertThat(discovery.passiveHealth().openNow()).isZero();
    register("web", "web-1");
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void instancesLeavingEndTheEjectionsThatPassTheShareSoonestFirst() {
    register("web", "web-1", "web-2", "web-3", "web-4");
    fail("web-1", 5);
    clock.advance(Duration.ofSeconds(10));
    fail("web-2", 5);

    discovery.deregister("web-4").toCompletableFuture().join();
    clock.runDue();

    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
    assertThat(passive("web-1").orElseThrow().output())
        .endsWith("ejection ended early at 2026-01-01T00:00:10Z: MaxEjectedPercent 50 allows 1 of 3 out");
    assertThat(status("web-2")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(discovery.passiveHealth().ejectionsRefused()).isEqualTo(1);
  }

  @Test
  void reRegisteringKeepsThePassiveCheck() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);

    register("web", "web-1");

    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void aPolicyTurnsPassiveHealthOnWithItsOwnSettingsAndOffAgain() {
    discovery.close();
    discovery = open(false, HealthFilter.DEFAULT);
    register("web", "web-1", "web-2");
    assertThat(passive("web-1")).isEmpty();

    policy("web", passive(2, Duration.ofSeconds(5), 50));
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    fail("web-1", 2);
    assertThat(passive("web-1").orElseThrow().output()).endsWith("after 2 consecutive failures, out for 5s");
    clock.advance(Duration.ofSeconds(5));
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);

    policy("web", PassivePolicy.OFF);

    assertThat(passive("web-1")).isEmpty();
    assertThat(passive("web-2")).isEmpty();
    assertThat(discovery.passiveHealth().breaker("web-1")).isEmpty();
    assertThat(discovery.passiveHealth().halfOpenNow()).isZero();
    assertThat(fail("web-2", 5).passive()).isFalse();
  }

  @Test
  void aPolicyMayTurnPassiveHealthOffWhereTheFlagTurnedItOn() {
    register("web", "web-1");
    register("api", "api-1");

    policy("web", PassivePolicy.OFF);

    assertThat(passive("web-1")).isEmpty();
    assertThat(passive("api-1")).isPresent();
  }

  @Test
  void aHalfOpenInstanceIsServedEvenWhenOnlyPassingOnesAre() {
    discovery.close();
    discovery = open(true, new HealthFilter(true, false));
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    assertThat(served("web")).containsExactly("web-2");

    clock.advance(Duration.ofSeconds(30));

    assertThat(served("web")).containsExactly("web-1", "web-2");
  }

  @Test
  void aReportOverTheBatchBoundIsRefusedWholeAndCounted() {
    register("web", "web-1", "web-2");

    assertThatThrownBy(() -> discovery.reportOutcomes("web-1", new Outcomes.Counts(0, 101)))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessage("a report may hold at most 100 outcomes (--passive-max-batch), this one holds 101");

    assertThat(discovery.passiveHealth().batchesRefused()).isEqualTo(1);
    assertThat(discovery.passiveHealth().failuresReported()).isZero();
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void aRegistrationCannotNameAPassiveCheck() {
    assertThatThrownBy(() -> CheckSpec.ttl(PassiveCheck.id("web-1"), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Check.CheckID '_signpost_passive:web-1' uses the reserved prefix '_signpost_passive:' (passive"
            + " health's own check)");
  }

  @Test
  void anUnknownInstanceHasNoReport() {
    assertThat(discovery.reportOutcomes("nobody", new Outcomes.Counts(1, 0))).isEmpty();
  }

  @Test
  void aRestartClosesEveryBreaker() {
    register("web", "web-1", "web-2");
    fail("web-1", 5);
    Instance stored = discovery.instance("web-1").orElseThrow();
    discovery.close();
    discovery = open(true, HealthFilter.DEFAULT);

    discovery.register(stored).toCompletableFuture().join();
    clock.runDue();

    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }
}
