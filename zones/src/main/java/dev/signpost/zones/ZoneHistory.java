package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The differences of the registry's zone over its recent changes, for IXFR (RFC 1995): after each registry event
 * the {@link ZoneView} has published, the records of the services whose entry changed (found by reference, copy-on-write
 * per service: {@link ZoneSnapshot#changedSince}) are compared before and after, and what left and what came is kept.
 * A policy changes no entry, but may change a service's TTL: its service is compared too, with the TTL it had.
 * A change that moves no record (another policy field, a node) is kept as a difference of SOAs alone.
 *
 * <p>At most {@code capacity} differences are kept, the oldest dropped first; a client whose serial is older than
 * the oldest gets the whole zone. Registered after the zone view, so the view is current when this follows an event.
 * Events arrive one at a time under the registry's lock; readers take this object's monitor for a moment to copy
 * the differences they need.
 */
public final class ZoneHistory implements RegistryListener {

  /** One change: the zone at {@code from}'s serial became the zone at {@code to}'s by these records. */
  public record Difference(SOARecord from, SOARecord to, List<Record> deleted, List<Record> added) {

    public Difference {
      deleted = List.copyOf(deleted);
      added = List.copyOf(added);
    }
  }

  /** What an IXFR from a serial gets: nothing (the client is current), the differences, or the whole zone. */
  public sealed interface Answer {}

  /** The client has our serial or a newer one: the current SOA alone. */
  public record Current(SOARecord soa) implements Answer {}

  /** The differences from the client's serial to {@code soa}'s, oldest first. */
  public record Differences(SOARecord soa, List<Difference> differences) implements Answer {}

  /** The history does not reach back to the client's serial: a full transfer of {@code snapshot}. */
  public record Full(ZoneSnapshot snapshot) implements Answer {}

  private final ZoneView view;
  private final ZoneContents contents;
  private final ServiceDiscovery discovery;
  private final int capacity;
  private final ArrayDeque<Difference> differences = new ArrayDeque<>();
  /** The snapshot the newest difference ends at: what IXFR answers up to. */
  private ZoneSnapshot last;
  /** The snapshot before the newest difference, kept to fold a later event of the same index into it. */
  private ZoneSnapshot beforeLast;
  /** The policy TTL of each service with one, as the newest difference saw it. */
  private final Map<String, OptionalLong> ttls = new HashMap<>();
  private Map<String, OptionalLong> ttlsBeforeLast = Map.of();
  private Set<String> policiesOfLast = Set.of();

  /** @param capacity how many differences are kept; 0 keeps none (every IXFR is answered by a full transfer) */
  public ZoneHistory(ZoneView view, ZoneContents contents, ServiceDiscovery discovery, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
    }
    this.view = view;
    this.contents = contents;
    this.discovery = discovery;
    this.capacity = capacity;
    this.last = view.current();
  }

  @Override
  public synchronized void onReset(Collection<Instance> instances, long index) {
    differences.clear();
    last = view.current();
    beforeLast = null;
    ttls.clear();
    discovery.policies().forEach((service, policy) -> remember(ttls, service, Optional.of(policy)));
  }

  @Override
  public void onEvent(RegistryEvent event) {
    ZoneSnapshot next = view.current();
    synchronized (this) {
      if (capacity == 0) {
        last = next;
        return;
      }
      Set<String> policies = event instanceof RegistryEvent.PolicyChanged p ? Set.of(p.service()) : Set.of();
      if (beforeLast != null && next.index() == last.index() && !differences.isEmpty()) {
        // Another event of the same index (one transaction): one difference from the state before it.
        differences.removeLast();
        Set<String> both = new TreeSet<>(policies);
        both.addAll(policiesOfLast);
        Map<String, OptionalLong> after = new HashMap<>(ttls);
        if (event instanceof RegistryEvent.PolicyChanged p) {
          remember(after, p.service(), p.policy());
        }
        add(beforeLast, next, both, ttlsBeforeLast, after);
        return;
      }
      Map<String, OptionalLong> before = Map.copyOf(ttls);
      Map<String, OptionalLong> after = new HashMap<>(ttls);
      if (event instanceof RegistryEvent.PolicyChanged p) {
        remember(after, p.service(), p.policy());
      }
      add(last, next, policies, before, after);
    }
  }

  private void add(ZoneSnapshot before, ZoneSnapshot after, Set<String> policies, Map<String, OptionalLong> ttlsBefore,
      Map<String, OptionalLong> ttlsAfter) {
    differences.addLast(difference(before, after, policies, ttlsBefore, ttlsAfter));
    while (differences.size() > capacity) {
      differences.removeFirst();
    }
    beforeLast = before;
    last = after;
    ttlsBeforeLast = Map.copyOf(ttlsBefore);
    ttls.clear();
    ttls.putAll(ttlsAfter);
    policiesOfLast = policies;
  }

  private static void remember(Map<String, OptionalLong> ttls, String service, Optional<ServicePolicy> policy) {
    OptionalLong ttl = policy.map(ServicePolicy::ttl).orElse(OptionalLong.empty());
    if (ttl.isPresent()) {
      ttls.put(service, ttl);
    } else {
      ttls.remove(service);
    }
  }

  /** What changed from {@code before} to {@code after}: the records of the changed services, compared. */
  Difference difference(ZoneSnapshot before, ZoneSnapshot after, Set<String> policies,
      Map<String, OptionalLong> ttlsBefore, Map<String, OptionalLong> ttlsAfter) {
    Set<String> services = new TreeSet<>(after.changedSince(before));
    services.addAll(policies);
    Set<Rr> deleted = new LinkedHashSet<>();
    Set<Rr> added = new LinkedHashSet<>();
    for (String key : services) {
      OptionalLong was = ttlsBefore.getOrDefault(key, OptionalLong.empty());
      OptionalLong now = ttlsAfter.getOrDefault(key, OptionalLong.empty());
      compare(Rr.of(contents.service(before, key, true, was)), Rr.of(contents.service(after, key, true, now)),
          deleted, added);
      // A target another service still has stays; one another service had already is not new.
      Set<Rr> oldTargets = Rr.of(contents.targets(before, key));
      Set<Rr> newTargets = Rr.of(contents.targets(after, key));
      for (Rr t : oldTargets) {
        if (!newTargets.contains(t) && contents.firstOwner(after, t.record()).isEmpty()) {
          deleted.add(t);
        }
      }
      for (Rr t : newTargets) {
        if (!oldTargets.contains(t) && contents.firstOwner(before, t.record()).isEmpty()) {
          added.add(t);
        }
      }
    }
    return new Difference(before.soa(), after.soa(), Rr.records(deleted), Rr.records(added));
  }

  private static void compare(Set<Rr> old, Set<Rr> now, Set<Rr> deleted, Set<Rr> added) {
    for (Rr r : old) {
      if (!now.contains(r)) {
        deleted.add(r);
      }
    }
    for (Rr r : now) {
      if (!old.contains(r)) {
        added.add(r);
      }
    }
  }

  /**
   * What an IXFR from {@code serial} gets. Serials compare as RFC 1982 says (they wrap at 2^32): a client at our
   * serial, or ahead of it, is current.
   */
  public synchronized Answer since(long serial) {
    SOARecord soa = last.soa();
    if (Serials.compare(serial, soa.getSerial()) >= 0) {
      return new Current(soa);
    }
    List<Difference> from = new ArrayList<>();
    Iterator<Difference> all = differences.iterator();
    while (all.hasNext()) {
      Difference d = all.next();
      if (!from.isEmpty() || d.from().getSerial() == serial) {
        from.add(d);
      }
    }
    return from.isEmpty() ? new Full(last) : new Differences(soa, from);
  }

  /** How many differences are kept now. */
  public synchronized int size() {
    return differences.size();
  }

  /** A record compared with its TTL: a policy's new TTL is a change, which {@link Record#equals} would not see. */
  private record Rr(Record record, long ttl) {

    static Set<Rr> of(List<Record> records) {
      Set<Rr> set = new LinkedHashSet<>();
      records.forEach(r -> set.add(new Rr(r, r.getTTL())));
      return set;
    }

    static List<Record> records(Set<Rr> set) {
      List<Record> list = new ArrayList<>(set.size());
      set.forEach(r -> list.add(r.record()));
      return list;
    }
  }
}
