package dev.signpost.zones;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.SOARecord;

/**
 * The registry's zone at one index, immutable. Services are spread over fixed shards so that a change
 * copies one shard's map, not the whole zone (copy-on-write per service, as DESIGN.md plans); the index
 * of addresses to services for reverse lookups ({@link AddressIndex}) is sharded and copied the same way.
 * A whole registry (start-up) is built in one pass by a {@link Builder}, which makes each shard once.
 */
public final class ZoneSnapshot {

  /**
   * Enough that a change stays cheap at issue 6's million instances: 333,334 services put ~330 in a
   * shard, so a change copies that many entries and a 4 KiB array of shards, not a 5,000-entry map.
   */
  static final int SHARDS = 1024;
  private static final int SHARD_BITS = Integer.numberOfTrailingZeros(SHARDS);
  /** The TTL of answers while failing open, and the negative TTL while a known service has nothing to serve. */
  static final long BRIEF_TTL = 1;

  private final long index;
  private final SOARecord soa;
  /** The SOA for a known name with nothing to serve: a negative TTL of at most 1 s, so resolvers retry soon. */
  private final SOARecord briefSoa;
  /** The parent zone's SOA and its brief form, when we serve the parent ({@link NamingScheme#parent}); else null. */
  private final SOARecord parentSoa;
  private final SOARecord briefParentSoa;
  private final Map<String, ServiceEntry>[] shards;
  /** Tag (lower case) → how many services have an instance carrying it. */
  private final Map<String, Integer> tagServices;
  private final AddressIndex addresses;
  private final int services;

  private ZoneSnapshot(long index, RecordFactory records, Map<String, ServiceEntry>[] shards,
      Map<String, Integer> tagServices, AddressIndex addresses, int services) {
    this.index = index;
    this.soa = records.soa(index);
    this.briefSoa = records.soa(index, BRIEF_TTL);
    boolean parent = records.naming().parent().isPresent();
    this.parentSoa = parent ? records.parentSoa(index, records.ttl()) : null;
    this.briefParentSoa = parent ? records.parentSoa(index, BRIEF_TTL) : null;
    this.shards = shards;
    this.tagServices = tagServices;
    this.addresses = addresses;
    this.services = services;
  }

  @SuppressWarnings("unchecked")
  static ZoneSnapshot empty(long index, RecordFactory records) {
    Map<String, ServiceEntry>[] shards = new Map[SHARDS];
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = Map.of();
    }
    return new ZoneSnapshot(index, records, shards, Map.of(), AddressIndex.EMPTY, 0);
  }

  /**
   * A builder of a whole zone at once (start-up): services go straight into their shard's map, and the
   * shards, the tag counts and the address index are made once when it is built, where adding them one by
   * one with {@link #with} would copy a shard per service (quadratic with hundreds of thousands).
   */
  static Builder builder(long index, RecordFactory records) {
    return new Builder(index, records);
  }

  /** Collects services for one snapshot; not thread-safe, used once. */
  static final class Builder {

    private final long index;
    private final RecordFactory records;
    @SuppressWarnings("unchecked")
    private final Map<String, ServiceEntry>[] building = new Map[SHARDS];
    private int services;

    private Builder(long index, RecordFactory records) {
      this.index = index;
      this.records = records;
    }

    /** The service added under this key so far, or null. */
    ServiceEntry get(String key) {
      Map<String, ServiceEntry> shard = building[shard(key)];
      return shard == null ? null : shard.get(key);
    }

    /** Adds the service, or replaces the one added under its key. */
    Builder put(String key, ServiceEntry entry) {
      int s = shard(key);
      if (building[s] == null) {
        building[s] = new HashMap<>();
      }
      if (building[s].put(key, entry) == null) {
        services++;
      }
      return this;
    }

    @SuppressWarnings("unchecked")
    ZoneSnapshot build() {
      Map<String, Integer> tags = new HashMap<>();
      List<Map.Entry<String, ServiceEntry>> all = new ArrayList<>(services);
      Map<String, ServiceEntry>[] shards = new Map[SHARDS];
      for (int i = 0; i < SHARDS; i++) {
        shards[i] = building[i] == null ? Map.of() : Map.copyOf(building[i]);
        building[i] = null; // the builder's map goes as soon as its copy is made
        for (Map.Entry<String, ServiceEntry> e : shards[i].entrySet()) {
          all.add(e);
          e.getValue().tags().forEach(t -> tags.merge(t, 1, Integer::sum));
        }
      }
      return new ZoneSnapshot(index, records, shards, Map.copyOf(tags), AddressIndex.of(all), services);
    }
  }

  /** The registry index this snapshot reflects (the SOA serial is this modulo 2^32). */
  public long index() {
    return index;
  }

  public SOARecord soa() {
    return soa;
  }

  SOARecord briefSoa() {
    return briefSoa;
  }

  /** The SOA of the parent's zone, at the same serial; null when we serve no parent. */
  SOARecord parentSoa() {
    return parentSoa;
  }

  /**
   * The parent's SOA in place of one of this snapshot's domain SOAs in a negative answer: the brief one for
   * {@link #briefSoa}, else the full one.
   */
  SOARecord parentSoaFor(SOARecord domainSoa) {
    return domainSoa == briefSoa ? briefParentSoa : parentSoa;
  }

  public int serviceCount() {
    return services;
  }

  /** The service with this key (lower-case name), or null. */
  ServiceEntry service(String key) {
    return shards[shard(key)].get(key);
  }

  boolean hasTag(String tag) {
    return tagServices.containsKey(tag);
  }

  /** The keys of the services with an instance (any health) at this address, sorted; empty when none. */
  List<String> servicesAt(InetAddress address) {
    return addresses.services(address);
  }

  /**
   * The keys of the services that serve at least one instance now, sorted. Walks every service: meant for
   * the rare DNS-SD service type enumeration, not for the common query.
   */
  List<String> servedServices() {
    List<String> served = new ArrayList<>();
    for (Map<String, ServiceEntry> shard : shards) {
      shard.forEach((key, entry) -> {
        if (!entry.serving().instances().isEmpty()) {
          served.add(key);
        }
      });
    }
    served.sort(null);
    return served;
  }

  /** The keys of every service, sorted: the order a zone transfer lists them in ({@link ZoneContents}). */
  List<String> serviceKeys() {
    List<String> keys = new ArrayList<>(services);
    for (Map<String, ServiceEntry> shard : shards) {
      keys.addAll(shard.keySet());
    }
    keys.sort(null);
    return keys;
  }

  /**
   * The keys of the services whose entry differs between {@code before} and this snapshot, by reference: only the
   * shards a change copied are looked through (copy-on-write), so a change costs its shard, not the zone.
   */
  Set<String> changedSince(ZoneSnapshot before) {
    Set<String> changed = new TreeSet<>();
    for (int i = 0; i < SHARDS; i++) {
      Map<String, ServiceEntry> was = before.shards[i];
      Map<String, ServiceEntry> now = shards[i];
      if (was == now) {
        continue;
      }
      was.forEach((key, entry) -> {
        if (now.get(key) != entry) {
          changed.add(key);
        }
      });
      now.forEach((key, entry) -> {
        if (was.get(key) != entry) {
          changed.add(key);
        }
      });
    }
    return changed;
  }

  /** This snapshot's services at a later index: a change that moved no record (a policy) still bumps the serial. */
  ZoneSnapshot at(long newIndex, RecordFactory records) {
    return new ZoneSnapshot(newIndex, records, shards, tagServices, addresses, services);
  }

  /**
   * A snapshot with the service {@code key} replaced by {@code entry} (removed when null), which differs
   * from the entry before in one instance: {@code gone} left it or was replaced by {@code come} (either may
   * be null). The address index then changes by their addresses alone, not by the whole service's.
   */
  ZoneSnapshot with(String key, ServiceEntry entry, Instance gone, Instance come, long index,
      RecordFactory records) {
    Optional<InetAddress> before = gone == null ? Optional.empty() : Addresses.ip(gone.address());
    Optional<InetAddress> after = come == null ? Optional.empty() : Addresses.ip(come.address());
    AddressIndex nextAddresses = addresses;
    if (!before.equals(after)) {
      // The address the instance had stays while another instance of the service has it too.
      Set<InetAddress> left = before.filter(ip -> entry == null || !entry.hasAddress(ip, gone.address(), gone.id()))
          .map(Set::of).orElse(Set.of());
      nextAddresses = addresses.moved(key, left, after.map(Set::of).orElse(Set.of()));
    }
    return with(key, entry, nextAddresses, index, records);
  }

  private ZoneSnapshot with(String key, ServiceEntry entry, AddressIndex nextAddresses, long index,
      RecordFactory records) {
    int s = shard(key);
    Map<String, ServiceEntry> shard = new HashMap<>(shards[s]);
    ServiceEntry old = entry == null ? shard.remove(key) : shard.put(key, entry);
    Map<String, ServiceEntry>[] nextShards = shards.clone();
    nextShards[s] = Map.copyOf(shard);
    Set<String> oldTags = old == null ? Set.of() : old.tags();
    Set<String> newTags = entry == null ? Set.of() : entry.tags();
    Map<String, Integer> nextTags = oldTags.equals(newTags) ? tagServices : retag(oldTags, newTags);
    int count = services + (old == null && entry != null ? 1 : 0) - (old != null && entry == null ? 1 : 0);
    return new ZoneSnapshot(index, records, nextShards, nextTags, nextAddresses, count);
  }

  private Map<String, Integer> retag(Set<String> removed, Set<String> added) {
    Map<String, Integer> next = new HashMap<>(tagServices);
    removed.forEach(t -> next.computeIfPresent(t, (k, n) -> n == 1 ? null : n - 1));
    added.forEach(t -> next.merge(t, 1, Integer::sum));
    return Map.copyOf(next);
  }

  /**
   * The top bits of a multiplicative hash of the key's: the keys of one shard then differ in their low bits,
   * which the shard's own hash table indexes by (with the low bits alone, every key of a shard would share
   * them, crowding a few of its buckets).
   */
  private static int shard(String key) {
    return (key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - SHARD_BITS);
  }
}
