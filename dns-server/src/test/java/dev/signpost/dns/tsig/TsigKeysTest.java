package dev.signpost.dns.tsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

class TsigKeysTest {

  static final String SECRET = "c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE=";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "xfr.:hmac-sha256:" + SECRET + "|xfr.|hmac-sha256.",
      "xfr:HMAC-SHA512:" + SECRET + "|xfr.|hmac-sha512.",
      "knot.key:hmac-sha384:" + SECRET + "|knot.key.|hmac-sha384.",
      "old:hmac-sha1:" + SECRET + "|old.|hmac-sha1.",
      "mid:hmac-sha224:" + SECRET + "|mid.|hmac-sha224."})
  void parsesNameAlgorithmAndSecret(String spec, String name, String algorithm) throws Exception {
    TsigKeys.Key key = TsigKeys.parse(spec);
    assertThat(key.name()).isEqualTo(Name.fromString(name));
    assertThat(key.algorithm()).isEqualTo(Name.fromString(algorithm));
    assertThat(key.secret()).hasSize(32);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "xfr:hmac-sha256|expected NAME:ALGORITHM:BASE64",
      "xfr:hmac-md5:" + SECRET + "|unknown algorithm 'hmac-md5'",
      "xfr:hmac-sha256:not base64!|the secret of xfr is not base64",
      "xfr:hmac-sha256:c2hvcnQ=|the secret of xfr has 5 bytes",
      ":hmac-sha256:" + SECRET + "|a key needs a name",
      "a..b:hmac-sha256:" + SECRET + "|'a..b' is not a key name"})
  void rejectsABadSpecificationNamingThePart(String spec, String message) {
    assertThatThrownBy(() -> TsigKeys.parse(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void findsAKeyByNameWhateverItsCase() throws Exception {
    TsigKeys keys = TsigKeys.of(List.of(TsigKeys.parse("Xfr.Example:hmac-sha256:" + SECRET)), Clock.systemUTC());
    assertThat(keys.key(Name.fromString("xfr.example."))).get().isInstanceOf(TSIG.class);
    assertThat(keys.key(Name.fromString("other."))).isEmpty();
  }

  @Test
  void refusesTwoKeysOfOneName() {
    List<TsigKeys.Key> twice = List.of(TsigKeys.parse("xfr:hmac-sha256:" + SECRET),
        TsigKeys.parse("XFR:hmac-sha512:" + SECRET));
    assertThatThrownBy(() -> TsigKeys.of(twice, Clock.systemUTC())).hasMessageContaining("given twice");
  }
}
