package dev.signpost.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The visible instances and what is derived from them: by id, by service, check owners, what DNS serves
 * of each service, and the counts metrics read. Changed only by the registry (under its write lock, once a
 * change is durable); read without a lock.
 */
final class InstanceTable {

  private final ConcurrentHashMap<String, Instance> byId = new ConcurrentHashMap<>();
  /**
   * Service key → its instances sorted by id, an immutable list replaced under the write lock; an entry
   * exists only while the service has instances. A list rather than a map per service: a million
   * instances of 333,334 services cost 80 bytes a service instead of 330, and reads need no sort.
   */
  private final ConcurrentHashMap<String, List<Instance>> byService = new ConcurrentHashMap<>();
  /** Check id → the id of the instance that has it; check ids are unique across instances, as on a Consul agent. */
  private final ConcurrentHashMap<String, String> checkOwners = new ConcurrentHashMap<>();
  /** Service key → what DNS serves of it; maintained with every change, under the write lock. */
  private final ConcurrentHashMap<String, ServedInstances> serving = new ConcurrentHashMap<>();
  /**
   * Instances by status (indexed by ordinal) and services failing open, kept as changes are applied so
   * that metrics, read on every scrape and every {@code /v1/agent/self}, never walk the registry.
   */
  private final AtomicIntegerArray instancesByStatus = new AtomicIntegerArray(HealthStatus.values().length);
  private final AtomicInteger servicesFailingOpen = new AtomicInteger();
  private final HealthFilter filter;

  /** The stored instances, each service's list made once. */
  InstanceTable(Collection<Instance> stored, HealthFilter filter) {
    this.filter = filter;
    // Grouped first and each service's list made once: adding a million instances one list copy at a
    // time would be quadratic in the size of a large service.
    Map<String, List<Instance>> grouped = new HashMap<>();
    for (Instance i : stored) {
      putIndexes(i);
      grouped.computeIfAbsent(i.service().key(), k -> new ArrayList<>(2)).add(i);
    }
    grouped.forEach((key, members) -> {
      members.sort(java.util.Comparator.comparing(Instance::id));
      byService.put(key, List.copyOf(members));
    });
    for (String key : byService.keySet()) {
      recomputeServing(key);
    }
  }

  Instance get(String id) {
    return byId.get(id);
  }

  /** A copy of the instances by id, for a snapshot. */
  Map<String, Instance> copyById() {
    return new HashMap<>(byId);
  }

  Collection<Instance> all() {
    return byId.values();
  }

  int size() {
    return byId.size();
  }

  /** Instances of a service by key, sorted by id; empty for an unknown one. */
  List<Instance> ofService(String key) {
    return byService.getOrDefault(key, List.of());
  }

  /** Service key → its instances, each list sorted by id. */
  Map<String, List<Instance>> byService() {
    return byService;
  }

  /** The id of the instance that has the check, or null. */
  String checkOwner(String checkId) {
    return checkOwners.get(checkId);
  }

  ServedInstances serving(String key) {
    return serving.getOrDefault(key, ServedInstances.NONE);
  }

  int count(HealthStatus status) {
    return instancesByStatus.get(status.ordinal());
  }

  int servicesFailingOpen() {
    return servicesFailingOpen.get();
  }

  /** Puts {@code i} (replacing the instance with its id, if any) and recomputes what DNS serves of the services it touches. */
  void put(Instance i) {
    Instance old = byId.get(i.id());
    put(old, i);
    if (old != null && !old.service().equals(i.service())) {
      recomputeServing(old.service().key());
    }
    recomputeServing(i.service().key());
  }

  /** Removes the instance and recomputes what DNS serves of its service; the removed instance, or null. */
  Instance remove(String id) {
    Instance old = byId.get(id);
    if (old != null) {
      removeIndexes(id);
      recomputeServing(old.service().key());
    }
    return old;
  }

  /** Recomputes what DNS serves of one service from its instances now; call with the write lock held. */
  private void recomputeServing(String key) {
    List<Instance> members = ofService(key);
    ServedInstances before = members.isEmpty() ? serving.remove(key)
        : serving.put(key, filter.next(serving.getOrDefault(key, ServedInstances.NONE), members));
    ServedInstances after = serving.get(key);
    servicesFailingOpen.addAndGet((after != null && after.failingOpen() ? 1 : 0)
        - (before != null && before.failingOpen() ? 1 : 0));
  }

  /**
   * Stores {@code i}, replacing {@code old} (its previous value, or null) in place: readers take no lock,
   * and removing the old value first would show them, for a moment, an instance (or a service) missing
   * that never left.
   */
  private void put(Instance old, Instance i) {
    putIndexes(i);
    byService.compute(i.service().key(), (k, list) -> withInstance(list == null ? List.of() : list, i));
    if (old == null) {
      return;
    }
    instancesByStatus.decrementAndGet(old.status().ordinal());
    for (CheckSpec c : old.checks()) {
      if (i.check(c.checkId()).isEmpty()) {
        checkOwners.remove(c.checkId(), i.id());
      }
    }
    if (!old.service().key().equals(i.service().key())) {
      byService.computeIfPresent(old.service().key(), (k, list) -> withoutInstance(list, i.id()));
    }
  }

  /** Everything {@link #put} does but the service's list. */
  private void putIndexes(Instance i) {
    byId.put(i.id(), i);
    instancesByStatus.incrementAndGet(i.status().ordinal());
    i.checks().forEach(c -> checkOwners.put(c.checkId(), i.id()));
  }

  private void removeIndexes(String id) {
    Instance old = byId.remove(id);
    if (old != null) {
      instancesByStatus.decrementAndGet(old.status().ordinal());
      old.checks().forEach(c -> checkOwners.remove(c.checkId(), id));
      byService.computeIfPresent(old.service().key(), (k, list) -> withoutInstance(list, id));
    }
  }

  /** {@code list} (sorted by id) with {@code i} added, or replacing the instance with its id. */
  private static List<Instance> withInstance(List<Instance> list, Instance i) {
    int at = Instance.indexById(list, i.id());
    Instance[] next;
    if (at >= 0) {
      next = list.toArray(new Instance[0]);
      next[at] = i;
    } else {
      int insert = -at - 1;
      next = new Instance[list.size() + 1];
      for (int k = 0; k < list.size(); k++) {
        next[k < insert ? k : k + 1] = list.get(k);
      }
      next[insert] = i;
    }
    return List.of(next);
  }

  /** {@code list} without the instance {@code id}; null (no entry) when none is left. */
  private static List<Instance> withoutInstance(List<Instance> list, String id) {
    int at = Instance.indexById(list, id);
    if (at < 0) {
      return list;
    }
    if (list.size() == 1) {
      return null;
    }
    List<Instance> next = new ArrayList<>(list);
    next.remove(at);
    return List.copyOf(next);
  }

}
