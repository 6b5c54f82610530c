package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedHostsTest {

  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8500);

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1                 | true
      127.0.0.1:8500            | true
      127.0.0.1:1               | true
      localhost                 | true
      LocalHost:8500            | true
      localhost.                | true
      [::1]                     | true
      [::1]:8500                | true
      [0:0:0:0:0:0:0:1]:8500    | true
      api.internal              | true
      API.Internal:443          | true
      evil.example              | false
      evil.example:8500         | false
      localhost.evil.example    | false
      127.0.0.1.evil.example    | false
      127.0.0.2                 | false
      ::1                       | false
      [localhost]               | false
      127.0.0.1:                | false
      127.0.0.1:http            | false
      '127.0.0.1 8500'          | false
      ''                        | false
      """)
  void aLoopbackListenerAllowsLoopbackNamesItsAddressAndTheExtraNamesWithAnyPort(String host, boolean allowed) {
    AllowedHosts hosts = AllowedHosts.forListener(InetAddress.getLoopbackAddress(), List.of("api.internal"));

    assertThat(hosts.refusal(host, LOCAL)).as(host).matches(refusal -> refusal.isEmpty() == allowed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example", "10.0.0.1", "whatever:80"})
  void aNonLoopbackListenerWithoutExtraNamesAllowsEveryHost(String host) throws Exception {
    AllowedHosts hosts = AllowedHosts.forListener(InetAddress.getByName("10.0.0.1"), List.of());

    assertThat(hosts.enforced()).isFalse();
    assertThat(hosts.refusal(host, new InetSocketAddress("10.0.0.1", 8500))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      api.internal:8500  | true
      10.0.0.1:8500      | true
      localhost          | true
      evil.example       | false
      """)
  void aNonLoopbackListenerWithExtraNamesAllowsThemItsAddressAndLoopbackNames(String host, boolean allowed)
      throws Exception {
    AllowedHosts hosts = AllowedHosts.forListener(InetAddress.getByName("10.0.0.1"), List.of("api.internal"));

    assertThat(hosts.refusal(host, new InetSocketAddress("10.0.0.1", 8500))).as(host)
        .matches(refusal -> refusal.isEmpty() == allowed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      192.168.1.7:8500 | true
      10.0.0.1:8500    | false
      """)
  void onEveryAddressTheAddressTheConnectionReachedIsAllowed(String host, boolean allowed) throws Exception {
    AllowedHosts hosts = AllowedHosts.forListener(InetAddress.getByName("0.0.0.0"), List.of("api.internal"));

    assertThat(hosts.refusal(host, new InetSocketAddress("192.168.1.7", 8500))).as(host)
        .matches(refusal -> refusal.isEmpty() == allowed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Api.Internal.  | api.internal
      10.0.0.1       | 10.0.0.1
      [FE80::0:1]    | fe80::1
      fe80::1        | fe80::1
      my_host        | my_host
      """)
  void extraNamesAreNormalized(String given, String normalized) {
    assertThat(AllowedHosts.normalize(given)).isEqualTo(normalized);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "api.internal:8500", "http://api.internal", "a b", "-bad.example", "[10.0.0.1]",
      "*.example"})
  void anExtraNameThatIsNotAHostIsRefusedNamingIt(String given) {
    assertThatThrownBy(() -> AllowedHosts.normalize(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + given + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example", "evil.example:8500"})
  void theRefusalNamesTheHostAsSent(String host) {
    AllowedHosts hosts = AllowedHosts.forListener(InetAddress.getLoopbackAddress(), List.of());

    assertThat(hosts.refusal(host, LOCAL)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("Host '" + host + "' is not allowed").contains("--http-allowed-host").doesNotContain("\n"));
  }
}
