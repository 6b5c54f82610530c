package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 on a hand-driven clock: endpoints that accept and never answer must not starve the checks of
 * other hosts, and a check's timeout holds whatever its probe does.
 */
class HealthFairnessTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final String DEAD = "10.0.0.9:8080";
  private static final String ALIVE = "10.0.0.1:8080";

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProbe probe = new FakeProbe(clock);
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().healthScheduler(clock).probe(probe)
      .random(new SplittableRandom(13)).build();

  @AfterEach
  void close() {
    discovery.close();
  }

  private static CheckSpec http(String id, String hostPort, Duration timeout, int threshold) {
    return new CheckSpec(id, "", "", "http://" + hostPort + "/health", "", null, false, "", null, SECOND, timeout,
        null, threshold, 0, threshold, null);
  }

  private void register(String id, String service, CheckSpec check) {
    discovery.register(Instance.of(id, service, "10.0.0.1", 8080, List.of()).withChecks(List.of(check)))
        .toCompletableFuture().join();
    clock.runDue();
  }

  /** What the check reported, without when the registry saw its status change. */
  private CheckState state(String id, String checkId) {
    CheckState s = discovery.instance(id).orElseThrow().checkState(checkId).orElseThrow();
    return new CheckState(s.status(), s.output());
  }

  /** Advances in steps of 100 ms until the instance has {@code status}; how long that took, or null after 10 s. */
  private Duration timeUntil(String id, HealthStatus status) {
    for (int step = 1; step <= 100; step++) {
      clock.advance(Duration.ofMillis(100));
      if (discovery.instance(id).orElseThrow().status() == status) {
        return Duration.ofMillis(100L * step);
      }
    }
    return null;
  }

  @Test
  void twoThousandHungChecksDelayNoCheckOfAnotherHost() {
    probe.hang(DEAD);
    for (int i = 0; i < 2000; i++) {
      register("hung-" + i, "hung", http("h" + i, DEAD, null, 1));
    }
    register("ok-1", "ok", http("ok", ALIVE, null, 2));
    clock.advance(Duration.ofSeconds(30));

    List<Duration> runs = probe.runsOf("ok");
    assertThat(runs).hasSizeGreaterThanOrEqualTo(30);
    for (int r = 1; r < runs.size(); r++) {
      assertThat(runs.get(r).minus(runs.get(r - 1))).as("gap before run %d", r).isLessThanOrEqualTo(SECOND);
    }
    assertThat(probe.maxInFlight(DEAD)).isEqualTo(ProbeLimits.DEFAULT.perTarget());
    assertThat(discovery.instance("ok-1").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(state("hung-1999", "h1999").output()).contains("timed out after 10s");

    Duration bound = SECOND.multipliedBy(2).plus(SECOND); // interval x threshold + 1 s
    probe.answer("ok", HealthStatus.CRITICAL);
    assertThat(timeUntil("ok-1", HealthStatus.CRITICAL)).isNotNull().isLessThanOrEqualTo(bound);
    probe.answer("ok", HealthStatus.PASSING);
    assertThat(timeUntil("ok-1", HealthStatus.PASSING)).isNotNull().isLessThanOrEqualTo(bound);
  }

  @Test
  void aProbeThatNeverCompletesIsCancelledAndCriticalAtTheCheckTimeout() {
    probe.hang(DEAD);
    register("web-1", "web", http("c1", DEAD, Duration.ofSeconds(3), 1));
    clock.advance(Duration.ofMillis(2999));
    assertThat(state("web-1", "c1").output()).as("not yet").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(state("web-1", "c1")).isEqualTo(
        new CheckState(HealthStatus.CRITICAL, "HTTP GET http://" + DEAD + "/health: timed out after 3s"));
    assertThat(probe.cancelled(DEAD)).as("the hung probe is abandoned").isEqualTo(1);
    assertThat(probe.runsOf("c1")).as("and the next run follows at once").hasSize(2);
  }

  @Test
  void aRunWithNoFreeSlotBehindProbesThatTimedOutIsCriticalAndSaysWhy() {
    probe.hang(DEAD);
    for (int i = 0; i < 20; i++) {
      register("hung-" + i, "hung", http("h" + i, DEAD, SECOND, 1));
    }
    assertThat(probe.runsOf("h8")).as("no slot").isEmpty();
    // At 1 s the 8 probes time out; their slots go to the runs waiting longest, h8 to h15, and h16 to h19,
    // still waiting, give up: the host hangs.
    clock.advance(SECOND);
    assertThat(probe.runsOf("h8")).containsExactly(SECOND);
    assertThat(state("hung-16", "h16")).isEqualTo(new CheckState(HealthStatus.CRITICAL, "HTTP GET http://" + DEAD
        + "/health: timed out after 1s waiting for a probe slot: 8 probes to " + DEAD + " already in flight"));
  }

  @Test
  void aRunWithNoFreeSlotWhileItsHostAnswersIsLateNotFailed() {
    CheckSpec passingFirst = new CheckSpec("late", "", "", "http://" + ALIVE + "/health", "", null, false, "", null,
        SECOND, Duration.ofSeconds(2), HealthStatus.PASSING, 0, 0, 1, null);
    probe.hold(); // slow: its 8 probes take 5 s, within their 10 s timeout
    for (int i = 0; i < ProbeLimits.DEFAULT.perTarget(); i++) {
      register("slow-" + i, "slow", http("s" + i, ALIVE, null, 1));
    }
    register("late", "slow", passingFirst);
    clock.advance(Duration.ofSeconds(5));
    assertThat(probe.runsOf("late")).as("never had a slot").isEmpty();
    assertThat(state("late", "late")).as("the checker was behind; the endpoint did not fail")
        .isEqualTo(new CheckState(HealthStatus.PASSING, ""));
    probe.release(HealthStatus.PASSING);
    clock.runDue();
    assertThat(probe.runsOf("late")).as("runs as soon as a slot is free").first().isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aSlotFreedByATimeoutOrADeregistrationGoesToTheNextRunOfThatHost() {
    probe.hang(DEAD);
    for (int i = 0; i < ProbeLimits.DEFAULT.perTarget(); i++) {
      register("hung-" + i, "hung", http("h" + i, DEAD, Duration.ofSeconds(10), 1));
    }
    register("next", "hung", http("next", DEAD, Duration.ofSeconds(30), 1));
    discovery.deregister("hung-0").toCompletableFuture().join();
    clock.runDue();
    assertThat(probe.runsOf("next")).as("started once a slot was free").containsExactly(Duration.ZERO);
    assertThat(probe.cancelled(DEAD)).isEqualTo(1);
  }
}
