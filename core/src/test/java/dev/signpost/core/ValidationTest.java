package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"web", "user-service", "a", "A1", "x123456789012345678901234567890123456789012345678901234567890ab"})
  void dnsLabelsAreValidServiceNames(String name) {
    assertThat(ServiceName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest(name = "''{0}'' → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      user_service | is not a valid DNS label
      -web         | is not a valid DNS label
      web-         | is not a valid DNS label
      web.api      | is not a valid DNS label
      addr         | is reserved
      ADDR         | is reserved
      x1234567890123456789012345678901234567890123456789012345678901234 | is not a valid DNS label
      """)
  void invalidServiceNamesAreRefusedWithTheReason(String name, String reason) {
    assertThatThrownBy(() -> ServiceName.of(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'").hasMessageContaining(reason);
  }

  @Test
  void serviceNamesCompareWithoutCase() {
    assertThat(ServiceName.of("User-Service").key()).isEqualTo("user-service");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.1         | true
      ::1              | true
      2001:db8::1      | true
      db1.example.com  | true
      db1.example.com. | true
      localhost        | true
      10.0.0.256       | false
      1.2.3            | false
      bad host         | false
      a..b             | false
      -x.example       | false
      """)
  void addressesAreIpLiteralsOrHostNames(String address, boolean valid) {
    boolean accepted = Addresses.ip(address).isPresent() || Addresses.isHostName(address);
    assertThat(accepted).isEqualTo(valid);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
      0.0.0.0          | 0.0.0.0
      10.0.0.1         | 10.0.0.1
      255.255.255.255  | 255.255.255.255
      192.168.100.200  | 192.168.100.200
      010.0.0.1        | none
      1.2.3.04         | none
      256.1.1.1        | none
      1.2.3            | none
      1.2.3.4.5        | none
      1..2.3           | none
      .1.2.3           | none
      1.2.3.           | none
      1.2.3.4a         | none
      1234.1.1.1       | none
      """)
  void ipv4LiteralsAreDottedQuadsWithoutLeadingZeros(String address, String expected) {
    assertThat(Addresses.ip(address).map(java.net.InetAddress::getHostAddress).orElse(null)).isEqualTo(expected);
  }

  @Test
  void instanceFieldsAreValidatedWithTheFieldNamed() {
    assertThatThrownBy(() -> Instance.of("w", "web", "10.0.0.1", 70000, List.of())).hasMessageContaining("Port");
    assertThatThrownBy(() -> Instance.of("w", "web", "not an address", 80, List.of())).hasMessageContaining("Address");
    assertThatThrownBy(() -> Instance.of("a/b", "web", "10.0.0.1", 80, List.of())).hasMessageContaining("ID");
    assertThatThrownBy(() -> new Weights(0, 1)).hasMessageContaining("Weights.Passing");
    assertThatThrownBy(() -> new Instance("w", ServiceName.of("web"), "10.0.0.1", 80, List.of(),
        Map.of("consul-x", "v"), null, null, null, null, 0, 0)).hasMessageContaining("reserved prefix");
    assertThatThrownBy(() -> new Instance("w", ServiceName.of("web"), "10.0.0.1", 80, List.of(),
        Map.of("bad key", "v"), null, null, null, null, 0, 0)).hasMessageContaining("Meta key 'bad key'");
  }

  @Test
  void aCheckHasExactlyOneKindAndHttpAndTcpNeedAnInterval() {
    assertThatThrownBy(() -> new CheckSpec("", "", "", "", "", null, false, "", null, null, null, null, 0, 0, 0, null))
        .hasMessageContaining("exactly one of HTTP, TCP or TTL");
    assertThatThrownBy(() -> new CheckSpec("", "", "", "http://x/", "", null, false, "", null, null, null, null, 0, 0, 0,
        null)).hasMessageContaining("Interval");
    assertThat(CheckSpec.ttl("beat", java.time.Duration.ofSeconds(10)).kind()).isEqualTo(CheckSpec.Kind.TTL);
  }

  @Test
  void checkHeadersCannotBeChangedThroughTheCallersLists() {
    List<String> values = new java.util.ArrayList<>(List.of("a"));
    CheckSpec c = new CheckSpec("", "", "", "http://x/", "", Map.of("X", values), false, "", null,
        java.time.Duration.ofSeconds(1), null, null, 0, 0, 0, null);
    values.add("b");
    assertThat(c.header().get("X")).containsExactly("a");
  }
}
