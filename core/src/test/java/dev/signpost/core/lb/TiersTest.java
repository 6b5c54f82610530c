package dev.signpost.core.lb;

import static dev.signpost.core.lb.Fixtures.client;
import static dev.signpost.core.lb.Fixtures.full;
import static dev.signpost.core.lb.Fixtures.ids;
import static dev.signpost.core.lb.Fixtures.inZone;
import static dev.signpost.core.lb.Fixtures.instance;
import static dev.signpost.core.lb.Fixtures.withMetaZone;
import static dev.signpost.core.lb.Fixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.Locality;
import dev.signpost.core.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TiersTest {

  @ParameterizedTest(name = "{0} in zone ''{1}'' for a client in ''{2}'' has priority {3}")
  @CsvSource({
      "PASSING,     a, a, 1",
      "PASSING,     A, a, 1",
      "PASSING,     b, a, 2",
      "PASSING,      , a, 2",
      "PASSING,     b,  , 1",
      "PASSING,      ,  , 1",
      "WARNING,     a, a, 3",
      "WARNING,      ,  , 3",
      "CRITICAL,    a, a, 3",
      "MAINTENANCE, a, a, 3",
  })
  void priorityFollowsHealthThenZone(HealthStatus status, String zone, String clientZone, int priority) {
    Instance i = withStatus(zone == null ? instance("i") : inZone("i", zone), status);
    Client c = clientZone == null ? client("10.0.0.9") : client("10.0.0.9", clientZone);

    assertThat(Tiers.priority(i, c)).isEqualTo(priority);
  }

  @Test
  void zoneComesFromLocalityThenFromMeta() {
    Instance both = full("both", Map.of("zone", "meta-zone"), Weights.DEFAULT, new Locality("r", "loc-zone"));
    Instance regionOnly = full("region", Map.of("zone", "meta-zone"), Weights.DEFAULT, new Locality("r", ""));

    assertThat(Tiers.zoneOf(both)).contains("loc-zone");
    assertThat(Tiers.zoneOf(regionOnly)).contains("meta-zone");
    assertThat(Tiers.zoneOf(withMetaZone("m", "meta-zone"))).contains("meta-zone");
    assertThat(Tiers.zoneOf(withMetaZone("empty", ""))).isEmpty();
    assertThat(Tiers.zoneOf(instance("none"))).isEmpty();
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
    List<Instance> ordered = new ArrayList<>(List.of(
        withStatus(inZone("warn1", "a"), HealthStatus.WARNING),
        inZone("far1", "b"),
        inZone("near1", "a"),
        withStatus(instance("crit"), HealthStatus.CRITICAL),
        inZone("near2", "a"),
        instance("far2"),
        withStatus(inZone("warn2", "b"), HealthStatus.WARNING)));
    List<Instance> before = List.copyOf(ordered);

    List<Instance> arranged = Tiers.arrange(ordered, client("10.0.0.9", "a"));

    assertThat(ids(arranged)).containsExactly("near1", "near2", "far1", "far2", "warn1", "crit", "warn2");
    assertThat(ordered).isEqualTo(before);
  }

  @Test
  void arrangeForAClientWithoutZoneOnlySeparatesHealth() {
    List<Instance> ordered = List.of(
        withStatus(instance("warn"), HealthStatus.WARNING), inZone("b", "b"), inZone("a", "a"));

    assertThat(ids(Tiers.arrange(ordered, client("10.0.0.9")))).containsExactly("b", "a", "warn");
  }
}
