package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the registry and publishes a new {@link ZoneSnapshot} for every change, rebuilding only the
 * changed service. Registry events arrive one at a time under the registry's write lock, so this class
 * needs no lock of its own; readers get the current snapshot through one volatile read.
 */
public final class ZoneView implements RegistryListener {

  private final RecordFactory records;
  private volatile ZoneSnapshot current;

  public ZoneView(RecordFactory records) {
    this.records = records;
    this.current = ZoneSnapshot.empty(0, records.soa(0));
  }

  public ZoneSnapshot current() {
    return current;
  }

  @Override
  public void onReset(Collection<Instance> instances, long index) {
    Map<String, List<Instance>> byService = new HashMap<>();
    for (Instance i : instances) {
      byService.computeIfAbsent(i.service().key(), k -> new ArrayList<>()).add(i);
    }
    ZoneSnapshot next = ZoneSnapshot.empty(index, records.soa(index));
    for (Map.Entry<String, List<Instance>> e : byService.entrySet()) {
      next = next.with(e.getKey(), ServiceEntry.of(e.getValue()), index, next.soa());
    }
    current = next;
  }

  @Override
  public void onEvent(RegistryEvent event) {
    long index = event.index();
    var soa = records.soa(index);
    ZoneSnapshot next = current;
    if (event instanceof RegistryEvent.Registered r) {
      Instance now = r.instance();
      // A re-registration may move an instance to another service: take it out of the old one first.
      if (r.previous().isPresent() && !r.previous().get().service().key().equals(now.service().key())) {
        next = without(next, r.previous().get(), index, soa);
      }
      String key = now.service().key();
      ServiceEntry entry = next.service(key);
      next = next.with(key, entry == null ? ServiceEntry.of(List.of(now)) : entry.with(now), index, soa);
    } else if (event instanceof RegistryEvent.Deregistered d) {
      next = without(next, d.instance(), index, soa);
    }
    current = next;
  }

  private static ZoneSnapshot without(ZoneSnapshot snapshot, Instance gone, long index,
      org.xbill.DNS.SOARecord soa) {
    String key = gone.service().key();
    ServiceEntry entry = snapshot.service(key);
    return entry == null ? snapshot : snapshot.with(key, entry.without(gone.id()), index, soa);
  }
}
