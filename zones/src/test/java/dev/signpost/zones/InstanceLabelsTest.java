package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceLabelsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web-1", "Web.1 A", "back\\slash", "café ☕", "_services",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) // 63 bytes
  void anIdThatFitsOneLabelIsItsOwnLabel(String id) {
    assertThat(InstanceLabels.labelFor(id)).isEqualTo(id);
  }

  @Test
  void anIdLongerThanOneLabelGetsAPrefixAndAHashThatAreStableAndDistinct() {
    String base = "x".repeat(60);
    String a = InstanceLabels.labelFor(base + "-alpha");
    assertThat(a).matches("x{50}~[0-9a-f]{12}").isEqualTo(InstanceLabels.labelFor(base + "-alpha"));
    assertThat(InstanceLabels.labelFor(base + "-bravo")).startsWith("x".repeat(50) + "~").isNotEqualTo(a);
    assertThat(InstanceLabels.labelFor("x".repeat(64))).as("64 bytes is one too many").matches("x{50}~[0-9a-f]{12}");
  }

  @Test
  void derivedLabelsCutTheIdBetweenCharactersAndNeverPass63Bytes() {
    assertThat(InstanceLabels.labelFor("é".repeat(31) + "a")).as("63 bytes of UTF-8").isEqualTo("é".repeat(31) + "a");
    assertThat(InstanceLabels.labelFor("é".repeat(32))).matches("é{25}~[0-9a-f]{12}");
    for (String id : List.of("é".repeat(255), "☕".repeat(255), "\uD83D\uDE80".repeat(127), "a".repeat(255),
        "ab\uD800cd" + "x".repeat(70))) {
      String label = InstanceLabels.labelFor(id);
      assertThat(label.getBytes(StandardCharsets.UTF_8).length).as(id).isLessThanOrEqualTo(63);
      assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(label)).as(id).isTrue();
    }
    assertThat(InstanceLabels.labelFor("ab\uD800cd")).as("a lone surrogate has no UTF-8").matches("ab~[0-9a-f]{12}");
  }

  @Test
  void laterAttemptsGiveOtherDerivedLabels() {
    assertThat(InstanceLabels.labelFor("web-1", 1)).matches("web-1~[0-9a-f]{12}");
    assertThat(InstanceLabels.labelFor("web-1", 2)).matches("web-1~[0-9a-f]{12}")
        .isNotEqualTo(InstanceLabels.labelFor("web-1", 1));
  }

  @Test
  void keysFoldAsciiCaseOnlyAsDnsDoes() {
    assertThat(InstanceLabels.key("Web-1 ÉCOLE")).isEqualTo("web-1 École");
  }

  private static Instance web(String id) {
    return Instance.of(id, "web", "10.0.0.1", 80, List.of());
  }

  @Test
  void theFirstIdInIdOrderKeepsALabelThatIdsDifferingInCaseShare() {
    InstanceLabels labels = InstanceLabels.of(List.of(web("WEB-1"), web("Web-1"), web("web-1")));
    assertThat(labels.label("WEB-1")).contains("WEB-1");
    assertThat(labels.label("Web-1")).contains(InstanceLabels.labelFor("Web-1", 1));
    assertThat(labels.label("web-1")).contains(InstanceLabels.labelFor("web-1", 1));
    assertThat(labels.id("web-1")).isEqualTo("WEB-1");
    assertThat(labels.id(InstanceLabels.key(InstanceLabels.labelFor("web-1", 1)))).isEqualTo("web-1");
    assertThat(labels.label("nope")).isEmpty();
  }

  @Test
  void anIdThatLooksLikeAnotherIdsDerivedLabelIsSettledByIdOrderToo() {
    String longId = "x".repeat(70);
    String lookalike = InstanceLabels.labelFor(longId);
    InstanceLabels labels = InstanceLabels.of(List.of(web(longId), web(lookalike))); // id order: 'x' < '~'
    assertThat(labels.label(longId)).contains(lookalike);
    assertThat(labels.label(lookalike)).contains(InstanceLabels.labelFor(lookalike, 1)).isNotEqualTo(labels.label(longId));
  }

  @Test
  void aSmallServiceWhoseIdsAreTheirLabelsAnswersAsTheMapsWould() {
    List<Instance> small = List.of(web("Web-1"), web("api-2"), web("x".repeat(63)));
    InstanceLabels scanned = InstanceLabels.of(small);
    for (Instance i : small) {
      assertThat(scanned.label(i.id())).contains(i.id());
      assertThat(scanned.id(InstanceLabels.key(i.id()))).isEqualTo(i.id());
    }
    assertThat(scanned.id("web-1")).as("found by its key, whatever the id's case").isEqualTo("Web-1");
    assertThat(scanned.label("web-1")).as("ids are case-sensitive").isEmpty();
    assertThat(scanned.id("nope")).isNull();
  }

  @Test
  void aServiceLargerThanTheScanLimitIsMapped() {
    List<Instance> many = new java.util.ArrayList<>();
    for (int n = 0; n <= InstanceLabels.SCAN_LIMIT; n++) {
      many.add(web(String.format("web-%02d", n)));
    }
    InstanceLabels labels = InstanceLabels.of(many);
    assertThat(labels.label("web-07")).contains("web-07");
    assertThat(labels.id("web-16")).isEqualTo("web-16");
    assertThat(labels.id("web-99")).isNull();
  }
}
