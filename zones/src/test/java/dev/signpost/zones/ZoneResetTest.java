package dev.signpost.zones;

import static dev.signpost.zones.ZoneFixture.instance;
import static dev.signpost.zones.ZoneFixture.ttlChecked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A zone built at once from the registry's whole state (start-up) is the zone that following every change
 * one by one builds: same services, entries, tags and reverse index, whatever order the state comes in.
 */
class ZoneResetTest {

  private ZoneFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ZoneFixture();
    Random random = new Random(6);
    for (int n = 0; n < 400; n++) {
      String service = "svc-" + random.nextInt(60);
      // Some addresses repeat within a service and across services; some are IPv6 or host names.
      String address = switch (random.nextInt(8)) {
        case 0 -> "2001:db8::" + Integer.toHexString(random.nextInt(40));
        case 1 -> "host-" + random.nextInt(40) + ".example.com";
        // The whole IPv4 range: from 128.0.0.0 on, an address is a negative int.
        case 2, 3 -> (64 + random.nextInt(192)) + "." + random.nextInt(256) + "." + random.nextInt(4) + "."
            + random.nextInt(256);
        default -> "10." + random.nextInt(2) + "." + random.nextInt(4) + "." + random.nextInt(50);
      };
      List<String> tags = random.nextInt(4) == 0 ? List.of("v" + random.nextInt(3)) : List.of();
      Instance i = instance((random.nextBoolean() ? "Id-" : "id-") + n, service, address, 1000 + n, tags);
      f.register(random.nextInt(10) == 0 ? ttlChecked(i) : i);
    }
    // Moves and removals, so the followed zone has seen every kind of change.
    for (int n = 0; n < 400; n += 7) {
      String id = f.discovery.instance("id-" + n).isPresent() ? "id-" + n : "Id-" + n;
      if (n % 2 == 0) {
        f.deregister(id);
      } else {
        f.register(instance(id, "svc-" + (n % 5), "10.9.9." + (n % 9), 80, List.of("moved")));
      }
    }
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void aResetInRegistryOrderGivesTheZoneThatEventsBuilt() {
    ZoneView late = new ZoneView(f.records, f.discovery::serving);
    f.discovery.addListener(late);

    assertSameZone(late.current(), f.view.current());
  }

  @Test
  void aResetInAnyOrderGivesTheSameZone() {
    List<Instance> shuffled = new ArrayList<>(f.discovery.instances());
    Collections.shuffle(shuffled, new Random(7));
    ZoneView late = new ZoneView(f.records, f.discovery::serving);
    late.onReset(shuffled, f.discovery.index());

    assertSameZone(late.current(), f.view.current());
  }

  @Test
  void aZoneBuiltByAResetFollowsLaterEventsAsTheOtherDoes() throws Exception {
    ZoneView late = new ZoneView(f.records, f.discovery::serving);
    f.discovery.addListener(late);
    List<Instance> before = f.discovery.instances();

    for (int n = 0; n < before.size(); n += 2) {
      f.deregister(before.get(n).id());
    }
    assertSameZone(late.current(), f.view.current());
    for (int n = 1; n < before.size(); n += 2) {
      f.deregister(before.get(n).id());
    }

    for (Instance i : before) {
      if (!i.address().startsWith("host-")) {
        assertThat(late.current().servicesAt(InetAddress.getByName(i.address()))).as(i.address()).isEmpty();
      }
    }
  }

  @Test
  void aLargeServiceChangedOneInstanceAtATimeGivesTheZoneAResetBuilds() throws Exception {
    Random random = new Random(11);
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < 80; n++) {
      // Ids that share a DNS name (Big-7, big-7), and ids too long for one label, which get derived ones.
      String id = switch (n % 4) {
        case 0 -> "Big-" + n / 4;
        case 1 -> "big-" + n / 4;
        case 2 -> "big-" + "x".repeat(70) + n;
        default -> "big-" + n;
      };
      ids.add(id);
    }
    Collections.shuffle(ids, random);
    for (String id : ids) {
      f.register(instance(id, "big", "192.168." + random.nextInt(3) + "." + random.nextInt(4), 80, List.of()));
    }
    for (int n = 0; n < 60; n++) {
      String id = ids.get(random.nextInt(ids.size()));
      if (f.discovery.instance(id).isEmpty()) {
        continue;
      }
      switch (n % 3) {
        case 0 -> f.deregister(id);
        case 1 -> f.register(instance(id, "big", "172.16.0." + random.nextInt(3), 80, List.of("t" + n % 2)));
        default -> f.register(instance(id, "svc-" + n % 5, "10.1.1.1", 80, List.of()));
      }
    }
    ZoneView late = new ZoneView(f.records, f.discovery::serving);
    f.discovery.addListener(late);

    assertSameZone(late.current(), f.view.current());
    ServiceEntry big = f.view.current().service("big");
    assertThat(big.instances()).hasSizeGreaterThan(InstanceLabels.SCAN_LIMIT);
    for (String address : List.of("192.168.0.0", "192.168.1.3", "192.168.2.2", "172.16.0.1", "10.1.1.1")) {
      InetAddress ip = InetAddress.getByName(address);
      assertThat(f.view.current().servicesAt(ip)).as(address).isEqualTo(late.current().servicesAt(ip));
    }
  }

  private void assertSameZone(ZoneSnapshot built, ZoneSnapshot followed) {
    assertThat(built.index()).isEqualTo(followed.index());
    assertThat(built.serviceCount()).isEqualTo(followed.serviceCount()).isPositive();
    assertThat(built.servedServices()).isEqualTo(followed.servedServices());
    for (String service : f.discovery.services().keySet()) {
      ServiceEntry a = built.service(service);
      ServiceEntry b = followed.service(service);
      assertThat(a.instances()).as(service).isEqualTo(b.instances());
      assertThat(a.serving()).as(service).isEqualTo(b.serving());
      assertThat(a.tags()).as(service).isEqualTo(b.tags());
      for (Instance i : a.instances()) {
        assertThat(a.labels().label(i.id())).isEqualTo(b.labels().label(i.id()));
      }
    }
    for (String tag : List.of("v0", "v1", "v2", "moved", "none")) {
      assertThat(built.hasTag(tag)).as(tag).isEqualTo(followed.hasTag(tag));
    }
    for (Instance i : f.discovery.instances()) {
      for (InetAddress address : addresses(built.service(i.service().key()))) {
        assertThat(built.servicesAt(address)).as(address.toString()).isEqualTo(followed.servicesAt(address))
            .isNotEmpty().isSorted();
      }
    }
  }

  /** The IP addresses of an entry's instances, whatever their health. */
  private static Set<InetAddress> addresses(ServiceEntry entry) {
    Set<InetAddress> addresses = new HashSet<>();
    for (Instance i : entry.instances()) {
      Addresses.ip(i.address()).ifPresent(addresses::add);
    }
    return addresses;
  }
}
