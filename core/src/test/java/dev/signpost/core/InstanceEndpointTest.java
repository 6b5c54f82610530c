package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Client;
import dev.signpost.balance.RoundRobinStrategy;
import dev.signpost.balance.Tiers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the shared strategies read of a registry instance: {@link Instance} as a balance {@code Endpoint}. */
class InstanceEndpointTest {

  private static final Client CLIENT = new Client(InetAddress.getLoopbackAddress());

  private static Instance web(String service, String id, Map<String, String> meta, Locality locality) {
    return new Instance(id, ServiceName.of(service), "10.0.0.1", 80, List.of(), meta, new Weights(5, 2), locality,
        List.of(), InstanceHealth.NONE, 0, 0);
  }

  private static Instance inState(Instance i, HealthStatus status) {
    InstanceHealth health = status == HealthStatus.MAINTENANCE
        ? new InstanceHealth(Map.of(), Optional.of("down for tests"))
        : new InstanceHealth(Map.of("c", new CheckState(status, "")), Optional.empty());
    return i.withChecks(List.of(CheckSpec.ttl("c", Duration.ofMinutes(1)))).withHealth(health);
  }

  @Test
  void serviceNamesDifferingOnlyInCaseShareOneRotation() {
    RoundRobinStrategy rr = new RoundRobinStrategy();
    Instance lower = web("web", "w0", Map.of(), Locality.NONE);
    Instance upper = web("WEB", "w1", Map.of(), Locality.NONE);

    assertThat(upper.serviceKey()).isEqualTo(lower.serviceKey()).isEqualTo("web");
    assertThat(rr.order(List.of(lower, upper), CLIENT)).extracting(Instance::id).containsExactly("w0", "w1");
    assertThat(rr.order(List.of(lower, upper), CLIENT)).extracting(Instance::id).containsExactly("w1", "w0");
  }

  @ParameterizedTest(name = "Locality.Zone ''{0}'' and meta zone ''{1}'' make zone ''{2}''")
  @CsvSource({
      "loc-zone, meta-zone, loc-zone",
      "'',       meta-zone, meta-zone",
      "'',       '',        ''",
      "'',       ,          ''",
  })
  void zoneComesFromLocalityThenFromMeta(String localityZone, String metaZone, String zone) {
    Map<String, String> meta = new HashMap<>();
    if (metaZone != null) {
      meta.put(Tiers.ZONE_META_KEY, metaZone);
    }

    assertThat(web("web", "i", meta, new Locality("r", localityZone)).zone()).isEqualTo(zone);
  }

  @ParameterizedTest
  @EnumSource(HealthStatus.class)
  void onlyAPassingInstanceIsPassingAndItsWeightFollowsItsState(HealthStatus status) {
    Instance i = inState(web("web", "i", Map.of(), Locality.NONE), status);

    assertThat(i.status()).isEqualTo(status);
    assertThat(i.passing()).isEqualTo(status == HealthStatus.PASSING);
    assertThat(i.currentWeight()).isEqualTo(switch (status) {
      case PASSING -> 5;
      case WARNING -> 2;
      case CRITICAL, MAINTENANCE -> 0;
    });
  }
}
