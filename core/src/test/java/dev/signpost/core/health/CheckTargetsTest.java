package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckTargetsTest {

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static CheckSpec http(String url) {
    return new CheckSpec("c", "", "", url, "", null, false, "", null, Duration.ofSeconds(1), null, null, 0, 0, 0,
        null);
  }

  private static CheckSpec tcp(String target) {
    return new CheckSpec("c", "", "", "", "", null, false, target, null, Duration.ofSeconds(1), null, null, 0, 0, 0,
        null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "::ffff:169.254.169.254"})
  void linkLocalAddressesAreAlwaysDeniedEvenWhenAllowed(String ip) throws Exception {
    CheckTargets targets = CheckTargets.of(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), List.of());
    assertThat(targets.whyDenied(at(ip, 80))).contains("link-local");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "::", "::ffff:0.0.0.0"})
  void unspecifiedAddressesAreAlwaysDenied(String ip) throws Exception {
    assertThat(CheckTargets.standard().whyDenied(at(ip, 80))).contains("unspecified address");
  }

  @Test
  void withoutListsEveryOtherAddressIsAllowed() throws Exception {
    CheckTargets targets = CheckTargets.standard();
    assertThat(targets.whyDenied(at("127.0.0.1", 80))).isEmpty();
    assertThat(targets.whyDenied(at("10.1.2.3", 80))).isEmpty();
    assertThat(targets.whyDenied(at("2001:db8::1", 80))).isEmpty();
  }

  @Test
  void anAllowListAdmitsOnlyItsRangesAndTheDenyListCutsHolesInIt() throws Exception {
    CheckTargets targets = CheckTargets.of(List.of(Cidr.parse("10.0.0.0/8")), List.of(Cidr.parse("10.9.0.0/16")));
    assertThat(targets.whyDenied(at("10.1.2.3", 80))).isEmpty();
    assertThat(targets.whyDenied(at("192.168.1.1", 80))).contains("not in --check-allow");
    assertThat(targets.whyDenied(at("10.9.1.1", 80))).contains("in --check-deny 10.9.0.0/16");
  }

  @Test
  void aMappedIpv6FormIsJudgedAsTheIpv4AddressItCarries() throws Exception {
    CheckTargets targets = CheckTargets.of(List.of(), List.of(Cidr.parse("127.0.0.2/32")));
    InetSocketAddress mapped = new InetSocketAddress(
        InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 2}),
        80);
    assertThat(targets.whyDenied(mapped)).contains("in --check-deny 127.0.0.2/32");
  }

  @Test
  void theApisOwnAddressAndPortAreDeniedButItsOtherPortsAreNot() throws Exception {
    CheckTargets targets = CheckTargets.standard();
    targets.apiListensOn(at("127.0.0.1", 8500));
    assertThat(targets.whyDenied(at("127.0.0.1", 8500))).contains("Signpost's own HTTP API");
    assertThat(targets.whyDenied(at("127.0.0.1", 8501))).isEmpty();
    assertThat(targets.whyDenied(at("127.0.0.2", 8500))).isEmpty();
  }

  @Test
  void anApiOnAWildcardAddressIsDeniedOnEveryLoopbackAndLocalAddress() throws Exception {
    CheckTargets targets = CheckTargets.standard();
    targets.apiListensOn(at("0.0.0.0", 8500));
    assertThat(targets.whyDenied(at("127.0.0.1", 8500))).contains("Signpost's own HTTP API");
    assertThat(targets.whyDenied(at("127.3.4.5", 8500))).contains("Signpost's own HTTP API");
    assertThat(targets.whyDenied(at("::1", 8500))).contains("Signpost's own HTTP API");
    assertThat(targets.whyDenied(at("192.0.2.1", 8500))).isEmpty(); // TEST-NET-1: not this host's
  }

  @Test
  void aProbeRefusedIsCountedAndSaysWhichTargetAndWhy() throws Exception {
    CheckTargets targets = CheckTargets.standard();
    assertThatThrownBy(() -> targets.admit(at("169.254.169.254", 80)))
        .isInstanceOf(CheckTargets.DeniedTargetException.class)
        .hasMessage("target 169.254.169.254:80 is not allowed for health checks (link-local)");
    targets.admit(at("127.0.0.1", 80));
    assertThat(targets.denied()).isEqualTo(1);
  }

  @Test
  void aLiteralTargetIsRefusedAtRegistrationNamingTheFieldAndAHostNameIsNot() {
    CheckTargets targets = CheckTargets.of(List.of(), List.of(Cidr.parse("127.0.0.2/32")));
    assertThatThrownBy(() -> targets.requireAllowedLiteral(http("http://169.254.169.254/latest/meta-data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Check.HTTP: target 169.254.169.254:80 is not allowed for health checks (link-local)");
    assertThatThrownBy(() -> targets.requireAllowedLiteral(http("https://[::ffff:127.0.0.2]/")))
        .hasMessage("Check.HTTP: target 127.0.0.2:443 is not allowed for health checks (in --check-deny 127.0.0.2/32)");
    assertThatThrownBy(() -> targets.requireAllowedLiteral(tcp("[fe80::1]:22")))
        .hasMessage("Check.TCP: target [fe80:0:0:0:0:0:0:1]:22 is not allowed for health checks (link-local)");
    targets.requireAllowedLiteral(http("http://metadata.example/"));
    targets.requireAllowedLiteral(tcp("127.0.0.1:22"));
    targets.requireAllowedLiteral(CheckSpec.ttl("t", Duration.ofSeconds(5)));
    assertThat(targets.denied()).isZero();
  }
}
