package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.inZone;
import static dev.signpost.balance.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneAwareStrategyTest {

  private final ZoneAwareStrategy zoneAware = new ZoneAwareStrategy();
  private final List<Node> instances = List.of(
      inZone("b1", "b"), inZone("a1", "a"), instance("none"), inZone("a2", "a"), inZone("b2", "b"));

  @Test
  void sameZoneInstancesComeFirstAndTakeTurns() {
    Client inA = client("10.0.0.9", "A");

    assertThat(ids(zoneAware.order(instances, inA))).containsExactly("a1", "a2", "b1", "none", "b2");
    assertThat(ids(zoneAware.order(instances, inA))).containsExactly("a2", "a1", "none", "b2", "b1");
    assertThat(ids(zoneAware.order(instances, inA))).containsExactly("a1", "a2", "b2", "b1", "none");
  }

  @Test
  void withNoLocalInstanceEveryoneElseTakesTurns() {
    Client inC = client("10.0.0.9", "c");

    assertThat(ids(zoneAware.order(instances, inC))).containsExactly("b1", "a1", "none", "a2", "b2");
    assertThat(ids(zoneAware.order(instances, inC))).containsExactly("a1", "none", "a2", "b2", "b1");
  }

  @Test
  void aClientWithoutZoneGetsRoundRobin() {
    Client anywhere = client("10.0.0.9");

    assertThat(ids(zoneAware.order(instances, anywhere))).containsExactly("b1", "a1", "none", "a2", "b2");
    assertThat(ids(zoneAware.order(instances, anywhere))).containsExactly("a1", "none", "a2", "b2", "b1");
  }

  @Test
  void clientsOfDifferentZonesDoNotShareTurns() {
    Client inA = client("10.0.0.9", "a");
    Client inB = client("10.0.0.10", "b");

    // Alternating zones: each zone's clients still rotate through their own instances.
    assertThat(ids(zoneAware.order(instances, inA)).get(0)).isEqualTo("a1");
    assertThat(ids(zoneAware.order(instances, inB)).get(0)).isEqualTo("b1");
    assertThat(ids(zoneAware.order(instances, inA)).get(0)).isEqualTo("a2");
    assertThat(ids(zoneAware.order(instances, inB)).get(0)).isEqualTo("b2");
  }
}
