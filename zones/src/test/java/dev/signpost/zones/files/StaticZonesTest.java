package dev.signpost.zones.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;

/** Zone files: parsing, where they may be served, and a reload that keeps the old zones on error. */
class StaticZonesTest {

  private static final Name DOMAIN = Name.fromConstantString("service.local.");

  @TempDir
  Path dir;

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String zone(String origin, String serial, String more) {
    return "$ORIGIN " + origin + "\n$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 3600 600 86400 60\n"
        + "@ IN NS ns1\nns1 IN A 192.0.2.53\n" + more;
  }

  @Test
  void aZoneFileIsServedUnderItsOrigin() throws Exception {
    Path f = file("example.org.zone", zone("example.org.", "7", "www IN A 192.0.2.10\n"));
    StaticZones zones = StaticZones.load(List.of(f), DOMAIN, List.of());
    assertThat(zones.zoneFor(Name.fromString("www.example.org."))).isPresent();
    assertThat(zones.zoneFor(Name.fromString("deep.down.www.example.org."))).isPresent();
    assertThat(zones.zoneFor(Name.fromString("example.com."))).isEmpty();
    SetResponse www = zones.zoneFor(Name.fromString("www.example.org.")).orElseThrow()
        .findRecords(Name.fromString("www.example.org."), Type.A);
    assertThat(www.isSuccessful()).isTrue();
    assertThat(zones.summary()).isEqualTo("serving 1 zone file: example.org. (serial 7)");
  }

  @Test
  void aSubdomainOfTheRegistrysDomainMayBeServedButNotTheDomainItself() throws Exception {
    Path infra = file("infra.zone", zone("infra.service.local.", "1", "gw IN A 10.0.0.254\n"));
    assertThat(StaticZones.load(List.of(infra), DOMAIN, List.of("web")).origins())
        .containsExactly(Name.fromString("infra.service.local."));

    Path whole = file("whole.zone", zone("service.local.", "1", ""));
    assertThatThrownBy(() -> StaticZones.load(List.of(whole), DOMAIN, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry's domain");
  }

  @Test
  void aZoneThatClashesWithARegisteredServiceIsServedAndItsNamesAnswerFromTheFile() throws Exception {
    Path web = file("web.zone", zone("web.service.local.", "1", "www IN A 192.0.2.7\n"));

    StaticZones zones = StaticZones.load(List.of(web), DOMAIN, List.of("web"));

    assertThat(zones.zoneFor(Name.fromString("web.service.local."))).isPresent();
    assertThat(zones.reload(List.of("web"))).isEqualTo("serving 1 zone file: web.service.local. (serial 1)");
  }

  @Test
  void aServiceWhoseNamesAFileServesHasThatFileAsClaimant() throws Exception {
    Path infra = file("infra.zone", zone("infra.service.local.", "1", ""));
    Path deep = file("deep.zone", zone("a.b.service.local.", "1", ""));
    StaticZones zones = StaticZones.load(List.of(infra, deep), DOMAIN, List.of());

    assertThat(zones.claimant("infra")).hasValueSatisfying(c -> assertThat(c).contains("infra.zone")
        .contains("origin infra.service.local."));
    assertThat(zones.claimant("INFRA")).isPresent();
    assertThat(zones.claimant("b")).hasValueSatisfying(c -> assertThat(c).contains("deep.zone"));
    assertThat(zones.claimant("web")).isEmpty();
    assertThat(zones.claimant("a")).isEmpty();
  }

  @Test
  void anErrorNamesTheFileAndTheLine() throws Exception {
    Path bad = file("bad.zone", zone("example.org.", "1", "www IN AAA 192.0.2.1\n"));
    assertThatThrownBy(() -> StaticZones.load(List.of(bad), DOMAIN, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.zone").hasMessageContaining(":6:");
    Path noSoa = file("nosoa.zone", "$ORIGIN example.net.\nwww 300 IN A 192.0.2.1\n");
    assertThatThrownBy(() -> StaticZones.load(List.of(noSoa), DOMAIN, List.of()))
        .hasMessageContaining("no SOA record");
    Path twice = file("twice.zone", zone("example.org.", "2", ""));
    Path good = file("good.zone", zone("example.org.", "1", ""));
    assertThatThrownBy(() -> StaticZones.load(List.of(good, twice), DOMAIN, List.of()))
        .hasMessageContaining("already served");
  }

  @Test
  void aReloadWithAnErrorKeepsTheOldZonesAndAGoodOneSwapsThemIn() throws Exception {
    Path f = file("example.org.zone", zone("example.org.", "1", "www IN A 192.0.2.10\n"));
    StaticZones zones = StaticZones.load(List.of(f), DOMAIN, List.of());

    Files.writeString(f, zone("example.org.", "2", "www IN A 192.0.2.10\napi IN BOGUS x\n"));
    assertThatThrownBy(() -> zones.reload(List.of())).hasMessageContaining("example.org.zone");
    assertThat(zones.summary()).contains("(serial 1)");

    Files.writeString(f, zone("example.org.", "3", "www IN A 192.0.2.10\napi IN A 192.0.2.11\n"));
    assertThat(zones.reload(List.of())).isEqualTo("serving 1 zone file: example.org. (serial 3)");
    assertThat(zones.zoneFor(Name.fromString("api.example.org.")).orElseThrow()
        .findRecords(Name.fromString("api.example.org."), Type.A).isSuccessful()).isTrue();
  }
}
