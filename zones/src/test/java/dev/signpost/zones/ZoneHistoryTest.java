package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.ServicePolicy;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

class ZoneHistoryTest {

  /** Records with their TTL, the SOA left out: what applying differences is checked on. */
  static Set<String> withoutSoa(List<Record> records) {
    Set<String> set = new HashSet<>();
    records.stream().filter(r -> r.getType() != org.xbill.DNS.Type.SOA).forEach(r -> set.add(ZoneFixture.text(r)));
    return set;
  }

  @Test
  void theDifferencesFromAKnownSerialTurnThatZoneIntoTheCurrentOne() throws Exception {
    try (ZoneFixture f = new ZoneFixture()) {
      ZoneContents contents = new ZoneContents(f.records, f.discovery);
      ZoneHistory history = new ZoneHistory(f.view, contents, f.discovery, 100);
      f.discovery.addListener(history);
      f.register(ZoneFixture.instance("web-1", "web", "10.0.0.1", 8080, List.of("v2")));
      long serial = f.view.current().soa().getSerial();
      Set<String> zone = withoutSoa(contents.all(f.view.current()));

      f.register(ZoneFixture.instance("web-2", "web", "10.0.0.2", 8080, List.of()));
      f.register(ZoneFixture.instance("other-1", "other", "10.0.0.1", 8080, List.of()));
      f.register(ZoneFixture.ttlChecked(ZoneFixture.instance("web-3", "web", "10.0.0.3", 80, List.of())));
      f.report("web-3", HealthStatus.PASSING);
      f.deregister("web-1"); // its target stays: other-1 has the same address and port
      f.discovery.setPolicy("web", new ServicePolicy("round-robin", OptionalLong.of(30), 0)).toCompletableFuture()
          .join();
      f.report("web-3", HealthStatus.CRITICAL);

      ZoneHistory.Answer answer = history.since(serial);
      assertThat(answer).isInstanceOf(ZoneHistory.Differences.class);
      ZoneHistory.Differences d = (ZoneHistory.Differences) answer;
      assertThat(d.differences()).hasSize(7);
      long at = serial;
      for (ZoneHistory.Difference step : d.differences()) {
        assertThat(step.from().getSerial()).isEqualTo(at);
        assertThat(zone).containsAll(withoutSoa(step.deleted()));
        zone.removeAll(withoutSoa(step.deleted()));
        zone.addAll(withoutSoa(step.added()));
        at = step.to().getSerial();
      }
      assertThat(at).isEqualTo(f.view.current().soa().getSerial());
      assertThat(zone).isEqualTo(withoutSoa(contents.all(f.view.current())));
      assertThat(zone).contains("web.service.local. 30 IN A 10.0.0.2", "0a000001-8080.addr.service.local. 5 IN A 10.0.0.1");
    }
  }

  @Test
  void aPolicyWithoutANewTtlIsADifferenceOfSoasAlone() throws Exception {
    try (ZoneFixture f = new ZoneFixture()) {
      ZoneContents contents = new ZoneContents(f.records, f.discovery);
      ZoneHistory history = new ZoneHistory(f.view, contents, f.discovery, 100);
      f.discovery.addListener(history);
      f.register(ZoneFixture.instance("web-1", "web", "10.0.0.1", 8080, List.of()));
      long serial = f.view.current().soa().getSerial();
      f.discovery.setPolicy("web", new ServicePolicy("random", OptionalLong.empty(), 0)).toCompletableFuture().join();
      ZoneHistory.Differences d = (ZoneHistory.Differences) history.since(serial);
      assertThat(d.differences()).singleElement().satisfies(step -> {
        assertThat(step.deleted()).isEmpty();
        assertThat(step.added()).isEmpty();
        assertThat(step.to().getSerial()).isGreaterThan(serial);
      });
    }
  }

  @Test
  void aCurrentClientGetsTheSoaAndAClientBeyondTheHistoryTheWholeZone() throws Exception {
    try (ZoneFixture f = new ZoneFixture()) {
      ZoneHistory history = new ZoneHistory(f.view, new ZoneContents(f.records, f.discovery), f.discovery, 2);
      f.discovery.addListener(history);
      f.register(ZoneFixture.instance("web-1", "web", "10.0.0.1", 8080, List.of()));
      long first = f.view.current().soa().getSerial();
      for (int i = 2; i <= 4; i++) {
        f.register(ZoneFixture.instance("web-" + i, "web", "10.0.0." + i, 8080, List.of()));
      }
      long now = f.view.current().soa().getSerial();
      assertThat(history.size()).isEqualTo(2);
      assertThat(history.since(now)).isInstanceOf(ZoneHistory.Current.class);
      assertThat(history.since(now + 5)).isInstanceOf(ZoneHistory.Current.class);
      assertThat(history.since(first)).isInstanceOf(ZoneHistory.Full.class);
      assertThat(history.since(now - 2)).isInstanceOf(ZoneHistory.Differences.class);
    }
  }
}
