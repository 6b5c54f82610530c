package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.inZone;
import static dev.signpost.balance.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TiersTest {

  @ParameterizedTest(name = "passing={0} in zone ''{1}'' for a client in ''{2}'' has priority {3}")
  @CsvSource({
      "true,  a, a, 1",
      "true,  A, a, 1",
      "true,  b, a, 2",
      "true,   , a, 2",
      "true,  b,  , 1",
      "true,   ,  , 1",
      "false, a, a, 3",
      "false,  ,  , 3",
      "false, b, a, 3",
  })
  void priorityFollowsHealthThenZone(boolean passing, String zone, String clientZone, int priority) {
    Node i = zone == null ? instance("i") : inZone("i", zone);
    i = passing ? i : i.failing(0);
    Client c = clientZone == null ? client("10.0.0.9") : client("10.0.0.9", clientZone);

    assertThat(Tiers.priority(i, c)).isEqualTo(priority);
  }

  @ParameterizedTest(name = "Locality.Zone ''{0}'' and meta zone ''{1}'' make zone ''{2}''")
  @CsvSource({
      "loc-zone, meta-zone, loc-zone",
      "'',       meta-zone, meta-zone",
      ",         meta-zone, meta-zone",
      "loc-zone, ,          loc-zone",
      "'',       '',        ''",
      ",         ,          ''",
  })
  void zoneComesFromLocalityThenFromMeta(String locality, String metaZone, String zone) {
    Map<String, String> meta = new HashMap<>(Map.of("version", "2"));
    if (metaZone != null) {
      meta.put(Tiers.ZONE_META_KEY, metaZone);
    }

    assertThat(Tiers.zoneOf(locality, meta)).isEqualTo(zone);
  }

  @Test
  void everythingIsLocalToAClientWithoutZoneAndZonesIgnoreCase() {
    assertThat(Tiers.local(inZone("i", "a"), client("10.0.0.9"))).isTrue();
    assertThat(Tiers.local(instance("i"), client("10.0.0.9"))).isTrue();
    assertThat(Tiers.local(inZone("i", "EU-1a"), client("10.0.0.9", "eu-1A"))).isTrue();
    assertThat(Tiers.local(inZone("i", "b"), client("10.0.0.9", "a"))).isFalse();
    assertThat(Tiers.local(instance("i"), client("10.0.0.9", "a"))).isFalse();
  }

  @Test
  void arrangeSortsByTierAndKeepsTheStrategysOrderWithinEach() {
    List<Node> ordered = new ArrayList<>(List.of(
        inZone("warn1", "a").failing(1),
        inZone("far1", "b"),
        inZone("near1", "a"),
        instance("crit").failing(0),
        inZone("near2", "a"),
        instance("far2"),
        inZone("warn2", "b").failing(1)));
    List<Node> before = List.copyOf(ordered);

    List<Node> arranged = Tiers.arrange(ordered, client("10.0.0.9", "a"));

    assertThat(ids(arranged)).containsExactly("near1", "near2", "far1", "far2", "warn1", "crit", "warn2");
    assertThat(ordered).isEqualTo(before);
  }

  @Test
  void arrangeForAClientWithoutZoneOnlySeparatesHealth() {
    List<Node> ordered = List.of(instance("warn").failing(1), inZone("b", "b"), inZone("a", "a"));

    assertThat(ids(Tiers.arrange(ordered, client("10.0.0.9")))).containsExactly("b", "a", "warn");
  }

  @Test
  void arrangeReturnsItsInputWhenEveryInstanceIsInOneTier() {
    List<Node> ordered = List.of(inZone("b", "a"), inZone("a", "a"));

    assertThat(Tiers.arrange(ordered, client("10.0.0.9", "a"))).isSameAs(ordered);
  }
}
