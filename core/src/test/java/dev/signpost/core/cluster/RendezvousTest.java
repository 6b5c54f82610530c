package dev.signpost.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rendezvous hashing: the same owner everywhere, an even spread, and minimal moves when nodes come and go. */
class RendezvousTest {

  private static final List<String> KEYS = IntStream.range(0, 10_000).mapToObj(i -> "web-" + i).toList();

  private static Map<String, String> owners(List<String> nodes) {
    Rendezvous r = Rendezvous.over(nodes);
    Map<String, String> owners = new HashMap<>();
    KEYS.forEach(k -> owners.put(k, r.owner(k)));
    return owners;
  }

  @Test
  void theHashIsFnv1aAsPublished() {
    assertThat(Rendezvous.fnv1a("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(Rendezvous.fnv1a("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(Rendezvous.fnv1a("foobar")).isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void weightsArePinnedBecauseEveryNodeOfEveryVersionMustAgreeOnThem() {
    // Computed outside Java (FNV-1a 64 of node, 0, key in UTF-8, then SplitMix64's finalizer): changing them
    // would split a cluster in a rolling upgrade.
    assertThat(Rendezvous.weight("node-a", "web-1")).isEqualTo(0xaca9f5bd70642e3bL);
    assertThat(Rendezvous.weight("node-b", "web-1")).isEqualTo(0x187dc0d81733878aL);
    assertThat(Rendezvous.weight("node-a", "api-7")).isEqualTo(0xba336742cf80417cL);
    assertThat(Rendezvous.weight("nœud-ü", "web-1")).isEqualTo(0x6503441374ec9fd4L);
    assertThat(Rendezvous.over(List.of("node-a", "node-b", "node-c")).owner("web-1")).isEqualTo("node-a");
    assertThat(Rendezvous.over(List.of("node-a", "node-b", "node-c")).owner("api-7")).isEqualTo("node-b");
  }

  @Test
  void theOwnerDoesNotDependOnTheOrderTheNodesAreGivenIn() {
    assertThat(owners(List.of("a", "b", "c"))).isEqualTo(owners(List.of("c", "a", "b")))
        .isEqualTo(owners(List.of("b", "c", "a", "a")));
  }

  @Test
  void theOwnerHasTheHighestWeightComparedUnsigned() {
    List<String> nodes = List.of("a", "b", "c");
    Rendezvous r = Rendezvous.over(nodes);
    int signedWouldDiffer = 0;
    for (String key : KEYS) {
      String unsigned = nodes.stream()
          .max((x, y) -> Long.compareUnsigned(Rendezvous.weight(x, key), Rendezvous.weight(y, key))).orElseThrow();
      String signed = nodes.stream()
          .max((x, y) -> Long.compare(Rendezvous.weight(x, key), Rendezvous.weight(y, key))).orElseThrow();
      assertThat(r.owner(key)).isEqualTo(unsigned);
      signedWouldDiffer += signed.equals(unsigned) ? 0 : 1;
    }
    assertThat(signedWouldDiffer).as("the test tells the two comparisons apart").isPositive();
  }

  @Test
  void keysSpreadEvenlyOverTheNodes() {
    Map<String, Long> counts = owners(List.of("node-a", "node-b", "node-c")).values().stream()
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    assertThat(counts).containsOnlyKeys("node-a", "node-b", "node-c");
    counts.forEach((node, n) -> assertThat(n).as(node).isBetween(3_033L, 3_633L));
  }

  @Test
  void removingANodeMovesOnlyItsOwnKeys() {
    Map<String, String> before = owners(List.of("a", "b", "c"));
    Map<String, String> after = owners(List.of("a", "c"));
    for (String key : KEYS) {
      if (!before.get(key).equals("b")) {
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
      }
    }
  }

  @Test
  void addingANodeMovesAboutOneNthOfTheKeysAllToTheNewNode() {
    Map<String, String> before = owners(List.of("a", "b", "c"));
    Map<String, String> after = owners(List.of("a", "b", "c", "d"));
    long moved = KEYS.stream().filter(k -> !after.get(k).equals(before.get(k))).count();
    assertThat(moved).isBetween(2_200L, 2_800L);
    KEYS.stream().filter(k -> !after.get(k).equals(before.get(k)))
        .forEach(k -> assertThat(after.get(k)).as(k).isEqualTo("d"));
  }

  @Test
  void everyKeyNeedsANode() {
    assertThatThrownBy(() -> Rendezvous.over(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one node");
  }
}
