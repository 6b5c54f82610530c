package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.balance.Client;
import dev.signpost.core.storage.JournalStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-service DNS policies: validation, storage across restarts, and how they shape an answer. */
class ServicePolicyTest {

  private static final Client CLIENT = new Client(InetAddress.getLoopbackAddress());

  private static ServiceDiscovery.Builder quiet() {
    return ServiceDiscovery.builder().probe(check -> new CompletableFuture<>());
  }

  private static List<Instance> web(int n) {
    List<Instance> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Instance.of("web-" + i, "web", "10.0.0." + i, 80, List.of()));
    }
    return out;
  }

  @Test
  void aPolicyIsValidatedWithMessagesThatNameTheField() {
    assertThatThrownBy(() -> new ServicePolicy(" ", OptionalLong.empty(), 0)).hasMessage("Strategy is missing");
    assertThatThrownBy(() -> new ServicePolicy("random", OptionalLong.of(-1), 0)).hasMessageStartingWith("TTL must be");
    assertThatThrownBy(() -> new ServicePolicy("random", OptionalLong.empty(), -2))
        .hasMessageStartingWith("AnswerLimit must not be negative");
    try (ServiceDiscovery d = quiet().build()) {
      assertThatThrownBy(() -> d.setPolicy("web", new ServicePolicy("fastest", OptionalLong.empty(), 0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown strategy 'fastest'").hasMessageContaining("round-robin");
      assertThatThrownBy(() -> d.setPolicy("bad_name", new ServicePolicy("random", OptionalLong.empty(), 0)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void withoutAPolicyAServiceGetsTheDefaults() {
    try (ServiceDiscovery d = quiet().defaultStrategy("weighted").answerLimit(3).build()) {
      assertThat(d.policy("web")).isEqualTo(new ServicePolicy("weighted", OptionalLong.empty(), 3));
      assertThat(d.storedPolicy("web")).isEmpty();
    }
  }

  @Test
  void settingAPolicyBumpsTheIndexAndAnEqualOneDoesNot() {
    try (ServiceDiscovery d = quiet().build()) {
      long before = d.index();
      ServicePolicy p = new ServicePolicy("random", OptionalLong.of(10), 2);
      d.setPolicy("Web", p).toCompletableFuture().join();
      assertThat(d.index()).isEqualTo(before + 1);
      d.setPolicy("web", p).toCompletableFuture().join();
      assertThat(d.index()).isEqualTo(before + 1);
      assertThat(d.policy("WEB")).isEqualTo(p);
      assertThat(d.policies()).containsExactly(Map.entry("web", p));
      assertThat(d.removePolicy("web").toCompletableFuture().join()).contains(p);
      assertThat(d.removePolicy("web").toCompletableFuture().join()).isEmpty();
      assertThat(d.index()).isEqualTo(before + 2);
    }
  }

  @Test
  void policiesSurviveARestart(@TempDir Path dir) {
    ServicePolicy weighted = new ServicePolicy("weighted", OptionalLong.empty(), 0);
    ServicePolicy random = new ServicePolicy("random", OptionalLong.of(30), 4);
    try (ServiceDiscovery d = quiet().store(JournalStore.open(dir)).build()) {
      d.setPolicy("web", weighted).toCompletableFuture().join();
      d.setPolicy("db", random).toCompletableFuture().join();
      d.setPolicy("cache", random).toCompletableFuture().join();
      d.removePolicy("cache").toCompletableFuture().join();
    }
    try (ServiceDiscovery d = quiet().store(JournalStore.open(dir)).build()) {
      assertThat(d.policies()).containsExactly(Map.entry("db", random), Map.entry("web", weighted));
    }
  }

  @Test
  void aPolicyWithoutItsOwnAnswerLimitKeepsTheGlobalOneAndAnExplicitZeroLiftsIt() {
    try (ServiceDiscovery d = quiet().answerLimit(2).build()) {
      List<Instance> four = web(4);
      d.setPolicy("web", new ServicePolicy("random", OptionalLong.empty(), OptionalInt.empty()))
          .toCompletableFuture().join();
      assertThat(d.arrange("web", four, CLIENT)).hasSize(2);

      d.setPolicy("web", new ServicePolicy("random", OptionalLong.empty(), 0)).toCompletableFuture().join();
      assertThat(d.arrange("web", four, CLIENT)).hasSize(4);
    }
  }

  @Test
  void aPolicyWithoutAnswerLimitSurvivesARestartWithoutOne(@TempDir Path dir) {
    ServicePolicy following = new ServicePolicy("random", OptionalLong.empty(), OptionalInt.empty());
    try (ServiceDiscovery d = quiet().store(JournalStore.open(dir)).build()) {
      d.setPolicy("web", following).toCompletableFuture().join();
    }
    try (ServiceDiscovery d = quiet().store(JournalStore.open(dir)).build()) {
      assertThat(d.storedPolicy("web")).hasValue(following);
    }
  }

  @Test
  void theServicesStrategyOrdersItsAnswerAndTheLimitCutsIt() {
    try (ServiceDiscovery d = quiet().random(new SplittableRandom(3)).build()) {
      List<Instance> four = web(4);
      List<String> firsts = new ArrayList<>();
      for (int q = 0; q < 4; q++) {
        firsts.add(d.arrange("web", four, CLIENT).get(0).id());
      }
      assertThat(firsts).as("round-robin by default").containsExactly("web-1", "web-2", "web-3", "web-4");

      d.setPolicy("web", new ServicePolicy("ip-hash", OptionalLong.empty(), 2)).toCompletableFuture().join();
      List<Instance> once = d.arrange("web", four, CLIENT);
      assertThat(once).hasSize(2);
      for (int q = 0; q < 5; q++) {
        assertThat(d.arrange("web", four, CLIENT)).as("ip-hash is stable per client").isEqualTo(once);
      }
    }
  }

  @Test
  void warningInstancesComeAfterPassingOnesWhateverTheStrategy() {
    try (ServiceDiscovery d = quiet().build()) {
      Instance warning = Instance.of("web-0", "web", "10.0.0.9", 80, List.of())
          .withChecks(List.of(CheckSpec.ttl("c", java.time.Duration.ofMinutes(1))))
          .withHealth(new InstanceHealth(Map.of("c", new CheckState(HealthStatus.WARNING, "")), Optional.empty()));
      List<Instance> served = new ArrayList<>(List.of(warning));
      served.addAll(web(2));
      for (int q = 0; q < 3; q++) {
        assertThat(d.arrange("web", served, CLIENT).get(2).id()).isEqualTo("web-0");
      }
    }
  }
}
