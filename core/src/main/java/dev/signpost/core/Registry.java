package dev.signpost.core;

import dev.signpost.core.health.InstanceUpdates;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoredState;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The live set of instances. Writes are serialized by one lock: each takes the next index, is handed to
 * the store, applied to memory and announced to listeners, in that order, so memory, journal and events
 * agree on one sequence. Reads take no lock.
 */
final class Registry implements InstanceUpdates {

  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  private final RegistryStore store;
  private final ReentrantLock writeLock = new ReentrantLock();
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
  private final ConcurrentHashMap<String, ServiceServing> serving = new ConcurrentHashMap<>();
  private final ServingPolicy policy;
  /**
   * Instances by status (indexed by ordinal) and services failing open, kept as changes are applied so
   * that metrics, read on every scrape and every {@code /v1/agent/self}, never walk the registry.
   */
  private final AtomicIntegerArray instancesByStatus = new AtomicIntegerArray(HealthStatus.values().length);
  private final AtomicInteger servicesFailingOpen = new AtomicInteger();
  /** Service key → its DNS policy, for the services that have one. */
  private final ConcurrentHashMap<String, ServicePolicy> policies = new ConcurrentHashMap<>();
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  /** Long-poll waiters by the index they wait to see passed; guarded by itself. */
  private final NavigableMap<Long, Set<CompletableFuture<Long>>> waiters = new TreeMap<>();
  private volatile long index;

  Registry(RegistryStore store, ServingPolicy policy) {
    this.store = store;
    this.policy = policy;
    StoredState state = store.load();
    // Grouped first and each service's list made once: adding a million instances one list copy at a
    // time would be quadratic in the size of a large service.
    Map<String, List<Instance>> grouped = new java.util.HashMap<>();
    for (Instance i : state.instances()) {
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
    policies.putAll(state.policies());
    index = state.index();
  }

  long index() {
    return index;
  }

  @Override
  public Optional<Instance> instance(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Instance> instanceByCheck(String checkId) {
    String owner = checkOwners.get(checkId);
    return owner == null ? Optional.empty() : instance(owner);
  }

  /** What DNS serves of a service (case-insensitive name); nothing for an unknown one. */
  ServiceServing serving(String name) {
    return serving.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), ServiceServing.NONE);
  }

  List<Instance> all() {
    return sorted(byId.values());
  }

  /** Instances of one service (case-insensitive), sorted by id. */
  List<Instance> ofService(String name) {
    return byService.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }

  /** Service keys that have at least one instance. */
  Collection<String> serviceKeys() {
    return Collections.unmodifiableSet(byService.keySet());
  }

  /**
   * Registers or replaces an instance. A replacement keeps the health its checks had (same check id) and
   * its maintenance, as a Consul agent does on re-registration, and the checks it does not list unless
   * {@code replaceChecks}.
   */
  CompletionStage<Instance> register(Instance proposed, boolean replaceChecks) {
    writeLock.lock();
    try {
      long next = index + 1;
      Optional<Instance> previous = Optional.ofNullable(byId.get(proposed.id()));
      long created = previous.map(Instance::createIndex).orElse(next);
      Instance stored = proposed.withIndexes(created, next);
      if (previous.isPresent()) {
        if (!replaceChecks) {
          stored = stored.withChecks(keptChecks(previous.get(), stored));
        }
        stored = stored.withHealth(keptHealth(previous.get(), stored));
      }
      requireOwnChecks(stored);
      return write(previous, stored);
    } finally {
      writeLock.unlock();
      wakeWaiters();
    }
  }

  @Override
  public CompletionStage<Optional<Instance>> update(String id, UnaryOperator<Instance> change) {
    writeLock.lock();
    try {
      Instance current = byId.get(id);
      if (current == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      Instance changed = change.apply(current);
      if (changed.equals(current)) {
        return CompletableFuture.completedFuture(Optional.of(current));
      }
      if (!changed.id().equals(id) || !changed.service().equals(current.service())) {
        throw new IllegalArgumentException("an update may not change the instance's id or service");
      }
      requireOwnChecks(changed);
      Instance stored = changed.withIndexes(current.createIndex(), index + 1);
      return write(Optional.of(current), stored).thenApply(Optional::of);
    } finally {
      writeLock.unlock();
      wakeWaiters();
    }
  }

  @Override
  public CompletionStage<Optional<Instance>> deregisterIf(String id, Predicate<Instance> condition) {
    writeLock.lock();
    try {
      Instance existing = byId.get(id);
      if (existing == null || !condition.test(existing)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      return deregister(id);
    } finally {
      writeLock.unlock();
    }
  }

  /** Journals, applies and announces one put; call with the write lock held. */
  private CompletionStage<Instance> write(Optional<Instance> previous, Instance stored) {
    long next = stored.modifyIndex();
    CompletionStage<Void> durable = store.append(new Change.Put(next, stored));
    put(previous.orElse(null), stored);
    previous.filter(p -> !p.service().equals(stored.service())).ifPresent(p -> recomputeServing(p.service().key()));
    recomputeServing(stored.service().key());
    index = next;
    announce(new RegistryEvent.Registered(previous, stored, next));
    return durable.thenApply(v -> stored);
  }

  /** The replacement's checks, then those of the previous value it does not redefine. */
  private static List<CheckSpec> keptChecks(Instance previous, Instance replacement) {
    List<CheckSpec> checks = new ArrayList<>(replacement.checks());
    for (CheckSpec c : previous.checks()) {
      if (replacement.check(c.checkId()).isEmpty()) {
        checks.add(c);
      }
    }
    return checks;
  }

  private static InstanceHealth keptHealth(Instance previous, Instance replacement) {
    InstanceHealth kept = replacement.health().withMaintenance(previous.health().maintenance());
    for (CheckSpec c : replacement.checks()) {
      Optional<CheckState> before = previous.checkState(c.checkId());
      if (before.isPresent()) {
        kept = kept.withCheck(c.checkId(), before.get());
      }
    }
    return kept;
  }

  private void requireOwnChecks(Instance instance) {
    for (CheckSpec c : instance.checks()) {
      String owner = checkOwners.get(c.checkId());
      if (owner != null && !owner.equals(instance.id())) {
        throw new IllegalArgumentException("CheckID '" + c.checkId() + "' is already used by service '" + owner
            + "'; check ids must be unique");
      }
    }
  }

  CompletionStage<Optional<Instance>> deregister(String id) {
    writeLock.lock();
    try {
      Instance existing = byId.get(id);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      long next = index + 1;
      CompletionStage<Void> durable = store.append(new Change.Remove(next, id));
      remove(id);
      recomputeServing(existing.service().key());
      index = next;
      announce(new RegistryEvent.Deregistered(existing, next));
      return durable.thenApply(v -> Optional.of(existing));
    } finally {
      writeLock.unlock();
      wakeWaiters();
    }
  }

  /** The DNS policy stored for a service (case-insensitive name). */
  Optional<ServicePolicy> policy(String service) {
    return Optional.ofNullable(policyOrNull(service));
  }

  /** {@link #policy} without the Optional, for the query path. */
  ServicePolicy policyOrNull(String service) {
    return policies.get(service.toLowerCase(java.util.Locale.ROOT));
  }

  /** Every stored policy, by service key. */
  Map<String, ServicePolicy> policies() {
    return Map.copyOf(policies);
  }

  /** Sets or replaces a service's DNS policy (a service need not have instances yet); completes once durable. */
  CompletionStage<ServicePolicy> setPolicy(String service, ServicePolicy policy) {
    String key = service.toLowerCase(java.util.Locale.ROOT);
    writeLock.lock();
    try {
      if (policy.equals(policies.get(key))) {
        return CompletableFuture.completedFuture(policy);
      }
      long next = index + 1;
      CompletionStage<Void> durable = store.append(new Change.PutPolicy(next, key, policy));
      policies.put(key, policy);
      index = next;
      announce(new RegistryEvent.PolicyChanged(key, Optional.of(policy), next));
      return durable.thenApply(v -> policy);
    } finally {
      writeLock.unlock();
      wakeWaiters();
    }
  }

  /** Removes a service's DNS policy; completes with it once durable, or empty when it had none. */
  CompletionStage<Optional<ServicePolicy>> removePolicy(String service) {
    String key = service.toLowerCase(java.util.Locale.ROOT);
    writeLock.lock();
    try {
      ServicePolicy existing = policies.get(key);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      long next = index + 1;
      CompletionStage<Void> durable = store.append(new Change.RemovePolicy(next, key));
      policies.remove(key);
      index = next;
      announce(new RegistryEvent.PolicyChanged(key, Optional.empty(), next));
      return durable.thenApply(v -> Optional.of(existing));
    } finally {
      writeLock.unlock();
      wakeWaiters();
    }
  }

  void addListener(RegistryListener listener) {
    writeLock.lock();
    try {
      // Service by service, each in id order, as the registry keeps them: no sort of a million instances,
      // and a listener grouping by service (the zone view) finds each service's instances together.
      List<Instance> grouped = new ArrayList<>(byId.size());
      byService.values().forEach(grouped::addAll);
      listener.onReset(grouped, index);
      listeners.add(listener);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Completes with the index once it is above {@code afterIndex}, and not before. A caller that gives up
   * completes (or cancels) the future itself; it is then forgotten at once, so abandoned long polls do
   * not pile up on a quiet registry.
   */
  CompletableFuture<Long> awaitIndexAbove(long afterIndex) {
    CompletableFuture<Long> waiter = new CompletableFuture<>();
    synchronized (waiters) {
      long now = index;
      if (now > afterIndex) {
        return CompletableFuture.completedFuture(now);
      }
      waiters.computeIfAbsent(afterIndex, k -> new HashSet<>()).add(waiter);
    }
    waiter.whenComplete((at, error) -> forget(afterIndex, waiter));
    return waiter;
  }

  /** How many waiters are pending; for tests. */
  int pendingWaiters() {
    synchronized (waiters) {
      return waiters.values().stream().mapToInt(Set::size).sum();
    }
  }

  private void forget(long afterIndex, CompletableFuture<Long> waiter) {
    synchronized (waiters) {
      Set<CompletableFuture<Long>> same = waiters.get(afterIndex);
      if (same != null && same.remove(waiter) && same.isEmpty()) {
        waiters.remove(afterIndex);
      }
    }
  }

  /** Recomputes what DNS serves of one service from its instances now; call with the write lock held. */
  private void recomputeServing(String key) {
    List<Instance> members = ofService(key);
    ServiceServing before = members.isEmpty() ? serving.remove(key)
        : serving.put(key, policy.next(serving.getOrDefault(key, ServiceServing.NONE), members));
    ServiceServing after = serving.get(key);
    servicesFailingOpen.addAndGet((after != null && after.failingOpen() ? 1 : 0)
        - (before != null && before.failingOpen() ? 1 : 0));
  }

  RegistryMetrics metrics() {
    Map<HealthStatus, Integer> byStatus = new EnumMap<>(HealthStatus.class);
    for (HealthStatus s : HealthStatus.values()) {
      byStatus.put(s, instancesByStatus.get(s.ordinal()));
    }
    return new RegistryMetrics(index, byService.size(), byId.size(), byStatus, servicesFailingOpen.get(), 0, 0, 0, 0,
        store.failure());
  }

  void close() {
    writeLock.lock();
    try {
      store.close();
    } finally {
      writeLock.unlock();
    }
  }

  private void announce(RegistryEvent event) {
    for (RegistryListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "registry listener " + l + " failed on " + event, e);
      }
    }
    if (store.wantsCompaction()) {
      store.compact(new StoredState(event.index(), List.copyOf(byId.values()), Map.copyOf(policies)));
    }
  }

  /** Completes the waiters whose threshold the index has now passed; the others keep waiting. */
  private void wakeWaiters() {
    List<CompletableFuture<Long>> ready = new ArrayList<>();
    long now;
    synchronized (waiters) {
      now = index;
      Map<Long, Set<CompletableFuture<Long>>> passed = waiters.headMap(now, false);
      passed.values().forEach(ready::addAll);
      passed.clear();
    }
    for (CompletableFuture<Long> w : ready) {
      w.complete(now);
    }
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

  private void remove(String id) {
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

  private static List<Instance> sorted(Collection<Instance> instances) {
    List<Instance> list = new ArrayList<>(instances);
    list.sort(java.util.Comparator.comparing(Instance::id));
    return list;
  }
}
