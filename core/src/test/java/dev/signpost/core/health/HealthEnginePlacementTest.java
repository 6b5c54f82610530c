package dev.signpost.core.health;

import static dev.signpost.core.health.HealthEngineTest.http;
import static dev.signpost.core.health.HealthEngineTest.ttl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.ChangingMembership;
import dev.signpost.core.cluster.CheckPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health engine of node "a" in a cluster with "b" (and later "c"), on a hand-driven clock: checks run
 * only for instances placed here, move with the membership, and TTL heartbeats reach the check's owner.
 */
class HealthEnginePlacementTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration TTL = Duration.ofSeconds(10);

  /** Placed on this node ("a") while "a" and "b" are alive. */
  private static final String HERE = firstId(id -> placement("a", "b").runsHere(id));
  /** Placed on "b" while "a" and "b" are alive. */
  private static final String THERE = firstId(id -> placement("b", "a").runsHere(id));
  /** Placed here while "a" and "b" are alive, and on "c" once it joins. */
  private static final String LEAVES = firstId(id -> placement("a", "b").runsHere(id)
      && placement("c", "a", "b").runsHere(id));

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProbe probe = new FakeProbe(clock);
  private final ChangingMembership view = new ChangingMembership("a", "b");
  private final List<String> relayed = new ArrayList<>();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().healthScheduler(clock).probe(probe)
      .random(new SplittableRandom(7)).placement(CheckPlacement.of(view)).heartbeatRelay(relayed::add).build();

  private static CheckPlacement placement(String self, String... others) {
    return CheckPlacement.of(new ChangingMembership(self, others));
  }

  private static String firstId(Predicate<String> wanted) {
    return IntStream.range(0, 1_000).mapToObj(i -> "web-" + i).filter(wanted).findFirst().orElseThrow();
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  private void register(String id, CheckSpec... checks) {
    discovery.register(Instance.of(id, "web", "10.0.0.1", 8080, List.of()).withChecks(List.of(checks)))
        .toCompletableFuture().join();
    clock.runDue();
  }

  private void heartbeat(String checkId) {
    discovery.reportTtl(checkId, HealthStatus.PASSING, "ok").toCompletableFuture().join();
    clock.runDue();
  }

  private void membershipChanges() {
    view.announce();
    clock.runDue();
  }

  private HealthStatus status(String id) {
    return discovery.instance(id).orElseThrow().status();
  }

  @Test
  void checksOfInstancesPlacedElsewhereNeverProbe() {
    register(HERE, http("mine", SECOND, 0, 0, 0));
    register(THERE, http("theirs", SECOND, 0, 0, 0));
    clock.advance(Duration.ofSeconds(10));
    assertThat(probe.runsOf("mine")).hasSizeGreaterThanOrEqualTo(10);
    assertThat(probe.runsOf("theirs")).isEmpty();
    assertThat(status(HERE)).isEqualTo(HealthStatus.PASSING);
    assertThat(status(THERE)).as("its owner writes its results, not this node").isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void aPlacementChangeStartsTheNowOwnedChecksAtOnceAndStopsTheOthers() {
    register(HERE, http("mine", SECOND, 0, 0, 0));
    register(THERE, http("theirs", SECOND, 0, 0, 0));
    clock.advance(Duration.ofSeconds(5));

    view.dead("b");
    membershipChanges();
    assertThat(probe.runsOf("theirs")).as("the first probe at once").containsExactly(Duration.ofSeconds(5));
    assertThat(status(THERE)).isEqualTo(HealthStatus.PASSING);
    clock.advance(Duration.ofSeconds(5));
    assertThat(probe.runsOf("theirs")).hasSizeGreaterThanOrEqualTo(5);

    view.alive("b");
    membershipChanges();
    int runs = probe.runsOf("theirs").size();
    clock.advance(Duration.ofSeconds(10));
    assertThat(probe.runsOf("theirs")).as("back on b: stopped here").hasSize(runs);
    List<Duration> mine = probe.runsOf("mine");
    assertThat(mine).hasSizeGreaterThanOrEqualTo(20);
    for (int r = 2; r < mine.size(); r++) {
      assertThat(mine.get(r).minus(mine.get(r - 1))).as("a check that stays is not restarted")
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  void aHeartbeatAtANonOwnerIsWrittenAndRelayedEvenWhenItChangesNothing() {
    register(HERE, ttl("mine", TTL, null));
    register(THERE, ttl("theirs", TTL, null));
    heartbeat("theirs");
    assertThat(status(THERE)).isEqualTo(HealthStatus.PASSING);
    long index = discovery.index();
    heartbeat("theirs");
    assertThat(discovery.index()).as("the same state: nothing to write").isEqualTo(index);
    assertThat(relayed).as("but the owner must hear of it").containsExactly("theirs", "theirs");
    heartbeat("mine");
    assertThat(relayed).as("the owner times its own TTLs").containsExactly("theirs", "theirs");
    clock.advance(Duration.ofMinutes(1));
    assertThat(status(THERE)).as("the owner expires it, not this node").isEqualTo(HealthStatus.PASSING);
    assertThat(status(HERE)).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void aRelayedHeartbeatKeepsATtlCheckPassingOnItsOwnerWithoutAWrite() {
    register(HERE, ttl("beat", TTL, null));
    heartbeat("beat");
    long index = discovery.index();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(9));
      discovery.relayedHeartbeat("beat");
      clock.runDue();
    }
    assertThat(status(HERE)).isEqualTo(HealthStatus.PASSING);
    assertThat(discovery.index()).isEqualTo(index);
    clock.advance(Duration.ofSeconds(11));
    assertThat(status(HERE)).as("relays stopped: the TTL expires").isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void aRelayedHeartbeatForACheckNotRunHereIsIgnored() {
    register(THERE, ttl("theirs", TTL, null));
    register(HERE, http("probed", SECOND, 0, 0, 0));
    long pending = clock.pending();
    discovery.relayedHeartbeat("theirs");
    discovery.relayedHeartbeat("probed");
    discovery.relayedHeartbeat("unknown");
    assertThat(clock.pending()).isEqualTo(pending);
  }

  @Test
  void aTtlCheckThatMovesHereGetsAFullTtlFromTheMove() {
    register(THERE, ttl("beat", TTL, null));
    heartbeat("beat");
    clock.advance(Duration.ofMinutes(1));
    view.dead("b");
    membershipChanges();
    clock.advance(Duration.ofSeconds(9));
    assertThat(status(THERE)).isEqualTo(HealthStatus.PASSING);
    clock.advance(Duration.ofSeconds(2));
    assertThat(status(THERE)).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void theReaperDoesNotDeregisterAnInstancePlacedElsewhereUntilItMovesHere() {
    register(THERE, ttl("beat", TTL, Duration.ofSeconds(30)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(discovery.instance(THERE)).as("critical since registration, but b's to reap").isPresent();
    view.dead("b");
    membershipChanges();
    clock.advance(Duration.ofSeconds(29));
    assertThat(discovery.instance(THERE)).as("its critical time counts from the move").isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(discovery.instance(THERE)).isEmpty();
  }

  @Test
  void anInstanceThatMovesAwayIsNeitherCheckedNorReapedHere() {
    register(LEAVES, ttl("beat", TTL, Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(20));
    view.alive("c");
    membershipChanges();
    assertThat(clock.pending()).as("its TTL and its reaper stopped").isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(discovery.instance(LEAVES)).isPresent();
    assertThat(status(LEAVES)).as("its TTL expired here before it left").isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void anInstanceDeregisteredWhileElsewhereIsForgottenAndNeverStartsHere() {
    register(THERE, http("theirs", SECOND, 0, 0, 0));
    discovery.deregister(THERE).toCompletableFuture().join();
    clock.runDue();
    view.dead("b");
    membershipChanges();
    clock.advance(Duration.ofSeconds(5));
    assertThat(probe.runsOf("theirs")).isEmpty();
  }
}
