package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ZoneContentsTest {

  /** The transferred records by name and type, as zone-file lines sorted. */
  static Map<String, Set<String>> rrsets(List<Record> records) {
    Map<String, Set<String>> sets = new LinkedHashMap<>();
    for (Record r : records) {
      sets.computeIfAbsent(r.getName() + " " + Type.string(r.getType()), k -> new TreeSet<>()).add(ZoneFixture.text(r));
    }
    return sets;
  }

  @Test
  void everyTransferredRrsetIsWhatTheZoneAnswersForItsName() throws Exception {
    try (ZoneFixture f = new ZoneFixture()) {
      f.register(ZoneFixture.instance("web-1", "web", "10.0.0.1", 8080, List.of("v2", "eu"), "zone", "a"));
      f.register(ZoneFixture.instance("web-2", "web", "fd00::2", 8080, List.of("v1")));
      f.register(ZoneFixture.instance("db-1", "db", "db1.example.com", 5432, List.of()));
      f.register(ZoneFixture.ttlChecked(ZoneFixture.instance("api-1", "api", "10.0.0.9", 80, List.of())));
      f.register(ZoneFixture.instance("shared-1", "shared", "10.0.0.1", 8080, List.of()));
      ZoneContents contents = new ZoneContents(f.records, f.discovery);
      List<Record> all = contents.all(f.view.current());
      assertThat(all.get(0).getType()).isEqualTo(Type.SOA);
      Map<String, Set<String>> sets = rrsets(all);
      for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
        String[] nameAndType = e.getKey().split(" ");
        LookupResult.Records answer = f.ask(nameAndType[0], Type.value(nameAndType[1]));
        assertThat(new TreeSet<>(ZoneFixture.lines(answer.answer()))).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(sets.keySet()).contains("web.service.local. A", "web.service.local. AAAA", "web.service.local. SRV",
          "_web._tcp.service.local. SRV", "_web._udp.service.local. PTR", "v2.web.service.local. A",
          "_web._v2.service.local. SRV", "web-1._web._tcp.service.local. TXT", "web-2._web._udp.service.local. SRV",
          "0a000001-8080.addr.service.local. A", "_services._dns-sd._udp.service.local. PTR",
          "db.service.local. SRV", "service.local. NS", "7f000001.addr.service.local. A");
      // api's only instance is critical: nothing of it is served, so nothing of it is transferred.
      assertThat(sets.keySet()).noneMatch(k -> k.contains("api"));
      assertThat(all.stream().filter(r -> r.getName().toString().equals("0a000001-8080.addr.service.local."))).hasSize(1);
      f.report("api-1", HealthStatus.PASSING);
      assertThat(rrsets(contents.all(f.view.current()))).containsKey("api.service.local. A");
    }
  }

  @Test
  void serialsCompareAcrossTheWrap() {
    assertThat(Serials.compare(5, 5)).isZero();
    assertThat(Serials.compare(6, 5)).isPositive();
    assertThat(Serials.compare(0, 0xFFFFFFFFL)).isPositive();
    assertThat(Serials.compare(0xFFFFFFF0L, 3)).isNegative();
    assertThat(Serials.compare(1L << 32 | 7, 7)).isZero();
  }
}
