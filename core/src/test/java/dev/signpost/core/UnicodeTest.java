package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnicodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "v1", "über", "日本", "\uD83D\uDE80 rocket", "a\uD83D\uDE80"})
  void textWithPairedSurrogatesOrNoneIsWellFormed(String text) {
    assertThat(Unicode.isWellFormed(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00", "\uD83Dx", "ok\uDE80", "\uDE80\uD83D"})
  void aLoneSurrogateIsNot(String text) {
    assertThat(Unicode.isWellFormed(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tag", "id", "meta"})
  void anInstanceRefusesALoneSurrogateInItsTagsIdOrMetaNamingTheField(String where) {
    String bad = "v\uD800";
    assertThatThrownBy(() -> new Instance(where.equals("id") ? bad : "web-1", ServiceName.of("web"), "10.0.0.1", 80,
        where.equals("tag") ? List.of("ok", bad) : List.of(), where.equals("meta") ? Map.of("k", bad) : Map.of(),
        Weights.DEFAULT, Locality.NONE, List.of(), InstanceHealth.NONE, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(switch (where) {
          case "tag" -> "Tags[1] is not valid Unicode";
          case "id" -> "ID is not valid Unicode";
          default -> "Meta value for 'k' is not valid Unicode";
        });
  }
}
