package dev.signpost.zones;

import dev.signpost.balance.Client;
import dev.signpost.balance.Tiers;
import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What a zone transfer of the registry's domain holds at one {@link ZoneSnapshot}: every name the zone answers
 * with a fixed answer, as records. The apex (SOA, NS and the name server's address), the DNS-SD service type
 * enumeration, then each service in key order: {@code <svc>} A, AAAA and SRV, the RFC 2782 forms {@code _<svc>._tcp}
 * and {@code _<svc>._udp} (SRV and the DNS-SD browse PTRs), each tag's {@code <tag>.<svc>} and
 * {@code _<svc>._<tag>}, the DNS-SD instances' SRV and TXT under both protocols, and the {@code <hex-ip>-<port>.addr}
 * SRV targets.
 *
 * <p>The records are those the zone's own answers hold, from the same served set ({@link ServiceEntry#servedWith},
 * which core's health filter and fail-open decide) with the same TTL; only what depends on who asks is left as a
 * client with no zone sees it: SRV priorities are 1 for passing instances and 3 for the others, records come in id
 * order (no strategy), and no answer limit applies. Names of several tags are made on demand and cannot be listed;
 * the reverse zones and the parent's zone are not ours to transfer. Within a service, each name's records come
 * together; the order is stable but not DNSSEC's canonical order, which a transfer does not need.
 */
public final class ZoneContents {

  /** Who a transferred SRV's priority is for: nobody in particular, so only health makes tiers. */
  private static final Client NOBODY = new Client(InetAddress.getLoopbackAddress());

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ServiceDiscovery discovery;

  /** @param discovery the services' policies, which set their records' TTL */
  public ZoneContents(RecordFactory records, ServiceDiscovery discovery) {
    this.records = records;
    this.naming = records.naming();
    this.discovery = discovery;
  }

  public Name origin() {
    return naming.domain();
  }

  /**
   * Every record of the zone but the SOA, in groups a transfer writes one after the other: the apex's NS and glue,
   * the service type PTRs, then one group per service. Made as they are read, so a transfer holds one service's
   * records at a time, not the zone's.
   */
  public Iterator<List<Record>> groups(ZoneSnapshot snapshot) {
    List<String> keys = snapshot.serviceKeys();
    return new Iterator<>() {
      private int next = -2;

      @Override
      public boolean hasNext() {
        return next < keys.size();
      }

      @Override
      public List<Record> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int at = next++;
        if (at == -2) {
          return List.of(records.ns(), records.nameServerGlue());
        }
        if (at == -1) {
          return serviceTypes(snapshot);
        }
        String key = keys.get(at);
        List<Record> group = new ArrayList<>(service(snapshot, key, false));
        for (Record target : targets(snapshot, key)) {
          if (firstOwner(snapshot, target).filter(key::equals).isPresent()) {
            group.add(target); // a target two services share is listed once, by the first
          }
        }
        return group;
      }
    };
  }

  /** Every record of the zone, SOA first: for tests and small zones; a transfer reads {@link #groups}. */
  public List<Record> all(ZoneSnapshot snapshot) {
    List<Record> all = new ArrayList<>();
    all.add(snapshot.soa());
    groups(snapshot).forEachRemaining(all::addAll);
    return all;
  }

  /** {@code _services._dns-sd._udp}: one PTR per service that serves an instance. */
  private List<Record> serviceTypes(ZoneSnapshot snapshot) {
    List<Record> ptrs = new ArrayList<>();
    for (String key : snapshot.servedServices()) {
      ptrs.add(records.ptr(naming.serviceTypesName(), naming.serviceTypeName(key), records.ttl()));
    }
    return ptrs;
  }

  /**
   * The records of one service but its SRV targets' addresses ({@link #targets}); with {@code typePtr}, also its
   * PTR at {@code _services._dns-sd._udp}. Empty for a service not in the snapshot or serving nothing.
   */
  List<Record> service(ZoneSnapshot snapshot, String key, boolean typePtr) {
    return service(snapshot, key, typePtr, discovery.policy(key).ttl());
  }

  /** {@link #service(ZoneSnapshot, String, boolean)} with the TTL its policy had (or has): {@link ZoneHistory}. */
  List<Record> service(ZoneSnapshot snapshot, String key, boolean typePtr, OptionalLong policyTtl) {
    ServiceEntry entry = snapshot.service(key);
    if (entry == null || entry.servedWith(List.of()).isEmpty()) {
      return List.of();
    }
    long ttl = entry.ttl(policyTtl, records.ttl());
    Set<Record> out = new LinkedHashSet<>();
    if (typePtr) {
      out.add(records.ptr(naming.serviceTypesName(), naming.serviceTypeName(key), records.ttl()));
    }
    List<Instance> served = entry.servedWith(List.of());
    Name name = naming.serviceName(key);
    if (naming.parse(name) instanceof NameForm.Service) {
      addresses(out, name, served, ttl);
      srv(out, name, served, ttl);
    }
    for (String protocol : List.of("_tcp", "_udp")) {
      Name type = Names.child(Names.child(naming.domain(), protocol), "_" + key);
      if (!(naming.parse(type) instanceof NameForm.RfcService)) {
        continue;
      }
      srv(out, type, served, ttl);
      for (Instance i : served) {
        entry.labels().label(i.id()).flatMap(label -> NamingScheme.instanceName(type, label)).ifPresent(owner -> {
          out.add(records.ptr(type, owner, ttl));
          out.add(records.srv(owner, i, Tiers.priority(i, NOBODY), ttl, new ArrayList<>()));
          out.add(records.txt(owner, i, ttl));
        });
      }
    }
    for (String tag : entry.tags()) {
      List<Instance> tagged = entry.servedWith(List.of(tag));
      if (tagged.isEmpty()) {
        continue;
      }
      Name byTag = tagName(name, tag);
      if (byTag != null && naming.parse(byTag) instanceof NameForm.Service s && s.tags().equals(List.of(tag))) {
        addresses(out, byTag, tagged, ttl);
        srv(out, byTag, tagged, ttl);
      }
      Name rfc = tagName(naming.domain(), "_" + tag);
      rfc = rfc == null ? null : tagName(rfc, "_" + key);
      if (rfc != null && naming.parse(rfc) instanceof NameForm.RfcService s && s.tags().equals(List.of(tag))) {
        srv(out, rfc, tagged, ttl);
      }
    }
    return new ArrayList<>(out);
  }

  /** The address records of the service's SRV targets {@code <hex-ip>-<port>.addr}, as those names answer. */
  List<Record> targets(ZoneSnapshot snapshot, String key) {
    ServiceEntry entry = snapshot.service(key);
    if (entry == null) {
      return List.of();
    }
    Set<Record> out = new LinkedHashSet<>();
    for (Instance i : entry.servedWith(List.of())) {
      byte[] ip = Addresses.ipBytes(i.address());
      if (ip != null) {
        out.add(records.addressRecord(naming.addressName(ip, i.port()), ip, records.ttl()));
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The first service, in key order, whose SRV targets include this address record's owner; empty when none does
   * (the target is then gone from the zone).
   */
  Optional<String> firstOwner(ZoneSnapshot snapshot, Record target) {
    for (String key : snapshot.servicesAt(ipOf(target))) {
      if (targets(snapshot, key).contains(target)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private static InetAddress ipOf(Record address) {
    return address instanceof ARecord a ? a.getAddress() : ((AAAARecord) address).getAddress();
  }

  private void addresses(Collection<Record> out, Name owner, List<Instance> served, long ttl) {
    for (int type : new int[] {Type.A, Type.AAAA}) {
      for (Instance i : served) {
        byte[] ip = Addresses.ipBytes(i.address());
        if (ip != null && (ip.length == 4) == (type == Type.A)) {
          out.add(records.addressRecord(owner, ip, ttl));
        }
      }
    }
  }

  private void srv(Collection<Record> out, Name owner, List<Instance> served, long ttl) {
    for (Instance i : served) {
      out.add(records.srv(owner, i, Tiers.priority(i, NOBODY), ttl, new ArrayList<>()));
    }
  }

  /** {@code <label>.<parent>}, or null when the label cannot be one (too long, or the name too long). */
  private static Name tagName(Name parent, String label) {
    try {
      return Names.child(parent, label);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
