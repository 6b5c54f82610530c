package dev.signpost.admin.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.admin.http.ApiException;
import dev.signpost.core.KvEntry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KvPathTest {

  @ParameterizedTest(name = "{0} is \"{1}\"")
  @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
      config/web           | config/web
      config/web/          | config/web/
      a%2Fb                | a/b
      a+b                  | a+b
      %E2%82%AC            | €
      caf\u00c3\u00a9      | café
      ''                   | ''
      """)
  void aRawPathDecodesAsPercentEncodedUtf8(String raw, String key) {
    assertThat(KvPath.decode(raw)).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a%zz   | malformed percent-escape at 1
      a%4    | malformed percent-escape at 1
      %FF    | not well-formed UTF-8
      %C3    | not well-formed UTF-8
      """)
  void aMalformedPathIsRefusedNamingTheProblem(String raw, String message) {
    assertThatThrownBy(() -> KvPath.decode(raw)).isInstanceOf(ApiException.class).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0} under \"{1}\" with \"{2}\"")
  @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
      a/ a/b/c a/b/d a/e f | ''   | ''  | a/ a/b/c a/b/d a/e f
      a/ a/b/c a/b/d a/e f | ''   | /   | a/ f
      a/ a/b/c a/b/d a/e f | a/   | /   | a/ a/b/ a/e
      a/b/c a/bb/d         | a/b  | /   | a/b/ a/bb/
      x::y x::z x          | x    | ::  | x x::
      """)
  void namesAreCutAfterTheFirstSeparatorFollowingThePrefix(String keys, String prefix, String separator,
      String expected) {
    List<KvEntry> found = Arrays.stream(keys.split(" ")).filter(k -> k.startsWith(prefix)).sorted()
        .map(k -> new KvEntry(k, null, 0, 1, 1)).toList();

    assertThat(KvResource.names(prefix, found, separator)).containsExactly(expected.split(" "));
  }
}
