package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.ServedInstances;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Follows the registry and publishes a new {@link ZoneSnapshot} for every change, rebuilding only the
 * changed service. Registry events arrive one at a time under the registry's write lock, so this class
 * needs no lock of its own; readers get the current snapshot through one volatile read.
 */
public final class ZoneView implements RegistryListener {

  private final RecordFactory records;
  private final Function<String, ServedInstances> serving;
  private volatile ZoneSnapshot current;

  /**
   * @param serving what DNS serves of a service (by name), as core's registry decides it; called during
   *     registry events, when it already reflects the event
   */
  public ZoneView(RecordFactory records, Function<String, ServedInstances> serving) {
    this.records = records;
    this.serving = serving;
    this.current = ZoneSnapshot.empty(0, records);
  }

  public ZoneSnapshot current() {
    return current;
  }

  /**
   * Builds the zone in one pass. The registry hands its instances over service by service, so each run
   * of one service becomes its entry at once, without grouping a million instances in a map first; a
   * service met again later (any order is allowed) is merged into the entry it already has.
   */
  @Override
  public void onReset(Collection<Instance> instances, long index) {
    ZoneSnapshot.Builder zone = ZoneSnapshot.builder(index, records);
    List<Instance> run = new ArrayList<>();
    String runKey = null;
    for (Instance i : instances) {
      String key = i.service().key();
      if (!key.equals(runKey)) {
        add(zone, runKey, run);
        run = new ArrayList<>();
        runKey = key;
      }
      run.add(i);
    }
    add(zone, runKey, run);
    current = zone.build();
  }

  private void add(ZoneSnapshot.Builder zone, String key, List<Instance> run) {
    if (run.isEmpty()) {
      return;
    }
    ServiceEntry seen = zone.get(key);
    if (seen != null) {
      List<Instance> merged = new ArrayList<>(seen.instances());
      merged.addAll(run);
      run = merged;
    }
    zone.put(key, ServiceEntry.of(run, serving.apply(key)));
  }

  @Override
  public void onEvent(RegistryEvent event) {
    long index = event.index();
    ZoneSnapshot next = current;
    if (event instanceof RegistryEvent.Registered r) {
      Instance now = r.instance();
      // A re-registration may move an instance to another service: take it out of the old one first.
      if (r.previous().isPresent() && !r.previous().get().service().key().equals(now.service().key())) {
        next = without(next, r.previous().get(), index);
      }
      String key = now.service().key();
      ServiceEntry entry = next.service(key);
      ServedInstances served = serving.apply(key);
      Instance replaced = r.previous().filter(p -> p.service().key().equals(key)).orElse(null);
      next = next.with(key, entry == null ? ServiceEntry.of(List.of(now), served) : entry.with(now, served),
          replaced, now, index, records);
    } else if (event instanceof RegistryEvent.Deregistered d) {
      next = without(next, d.instance(), index);
    } else {
      next = next.at(index, records); // a policy: answers are ordered per query, only the serial moves
    }
    current = next;
  }

  private ZoneSnapshot without(ZoneSnapshot snapshot, Instance gone, long index) {
    String key = gone.service().key();
    ServiceEntry entry = snapshot.service(key);
    return entry == null ? snapshot
        : snapshot.with(key, entry.without(gone.id(), serving.apply(key)), gone, null, index, records);
  }
}
