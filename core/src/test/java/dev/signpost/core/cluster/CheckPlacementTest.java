package dev.signpost.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which node runs an instance's checks: exactly one live node, and never none because of our own lease. */
class CheckPlacementTest {

  private static final List<String> IDS = IntStream.range(0, 1_000).mapToObj(i -> "web-" + i).toList();

  @Test
  void aNodeOutsideAClusterRunsEverything() {
    CheckPlacement alone = CheckPlacement.of(Membership.single(new Member("n1", "10.0.0.1", 8500, "dc1", true)));
    assertThat(IDS).allMatch(CheckPlacement.everything()::runsHere).allMatch(alone::runsHere);
  }

  @Test
  void eachInstanceRunsOnExactlyOneLiveNode() {
    List<CheckPlacement> nodes = List.of(
        CheckPlacement.of(new ChangingMembership("a", "b", "c")),
        CheckPlacement.of(new ChangingMembership("b", "a", "c")),
        CheckPlacement.of(new ChangingMembership("c", "a", "b")));
    for (String id : IDS) {
      assertThat(nodes.stream().filter(p -> p.runsHere(id)).count()).as(id).isEqualTo(1);
    }
    assertThat(nodes).allMatch(p -> IDS.stream().anyMatch(p::runsHere));
  }

  @Test
  void aDeadMemberRunsNothingAndItsInstancesGoToTheLiveOnes() {
    ChangingMembership seenByA = new ChangingMembership("a", "b", "c").dead("c");
    ChangingMembership seenByB = new ChangingMembership("b", "a", "c").dead("c");
    CheckPlacement a = CheckPlacement.of(seenByA);
    CheckPlacement b = CheckPlacement.of(seenByB);
    for (String id : IDS) {
      assertThat(a.runsHere(id)).as(id).isNotEqualTo(b.runsHere(id));
      assertThat(a.runsHere(id)).isEqualTo(Rendezvous.over(List.of("a", "b")).owner(id).equals("a"));
    }
  }

  @Test
  void aNodeNotListedAliveKeepsRunningWhatItWouldOwnIfItWere() {
    ChangingMembership view = new ChangingMembership("a", "b");
    CheckPlacement a = CheckPlacement.of(view);
    List<String> ownedAlive = IDS.stream().filter(a::runsHere).toList();
    view.dead("a");
    assertThat(IDS.stream().filter(a::runsHere).toList()).isEqualTo(ownedAlive).isNotEmpty();
  }

  @Test
  void thePlacementFollowsTheMembershipAndForwardsItsListeners() {
    ChangingMembership view = new ChangingMembership("a", "b");
    CheckPlacement a = CheckPlacement.of(view);
    AtomicInteger heard = new AtomicInteger();
    a.addListener(heard::incrementAndGet);
    long before = IDS.stream().filter(a::runsHere).count();
    view.dead("b");
    assertThat(IDS).as("asked again, without waiting for a listener").allMatch(a::runsHere);
    view.alive("b").alive("c").announce();
    assertThat(heard).hasValue(1);
    assertThat(IDS.stream().filter(a::runsHere).count()).isLessThan(before);
  }
}
