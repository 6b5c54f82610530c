package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategyCatalogTest {

  private final StrategyCatalog catalog =
      new StrategyCatalog(new InstanceStats(new ManualNanos(0)), () -> new SplittableRandom(1));

  /** An embedder's strategy: always the registry's order reversed. */
  private record Reversed(String name) implements LoadBalancingStrategy {
    @Override
    public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
      List<T> reversed = new ArrayList<>(healthy);
      Collections.reverse(reversed);
      return reversed;
    }
  }

  @Test
  void everyBuiltInStrategyIsThereUnderItsName() {
    assertThat(catalog.names()).containsExactly(
        "ip-hash", "latency", "least-connections", "random", "round-robin", "weighted", "zone-aware");
    for (String name : catalog.names()) {
      assertThat(catalog.has(name)).isTrue();
      assertThat(catalog.get(name).name()).isEqualTo(name);
      assertThat(catalog.get(name)).isSameAs(catalog.get(name));
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThat(catalog.has("fastest")).isFalse();
    assertThatThrownBy(() -> catalog.get("fastest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown strategy 'fastest'; use one of: ip-hash, latency, least-connections, random,"
            + " round-robin, weighted, zone-aware");
  }

  @Test
  void anEmbedderCanAddAStrategyOrReplaceOne() {
    catalog.add(new Reversed("reversed"));
    catalog.add(new Reversed("random"));

    assertThat(catalog.names()).contains("reversed").hasSize(8);
    assertThat(catalog.get("random")).isEqualTo(new Reversed("random"));
    assertThat(Fixtures.ids(catalog.get("reversed").order(instances(3), client("10.0.0.1"))))
        .containsExactly("i2", "i1", "i0");
  }

  @Test
  void aStrategyWithoutNameIsRefused() {
    assertThatThrownBy(() -> catalog.add(new Reversed(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a strategy needs a name");
  }

  @Test
  void theNameListCannotBeChangedFromOutside() {
    assertThatThrownBy(() -> catalog.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
