package dev.signpost.core;

import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.health.InstanceUpdates;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.ChangeFeed;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The live set of instances. Writes are serialized by one lock: each is decided on the latest accepted
 * state, takes the next index and is handed to the store; it becomes visible (memory, DNS, the API,
 * events) only once the store made it durable, in index order. A write the store fails changes nothing,
 * and so do the writes queued after it. Health results are the exception: derived state, they are
 * journaled like any change but applied even when a local store fails them. Reads take no lock and see
 * only what is visible.
 *
 * <p>Over a {@linkplain RegistryStore#shared shared} store (cluster mode) other nodes write too: the store
 * numbers the changes, and every change, this node's included, becomes visible when the store's
 * {@link ChangeFeed} delivers it. A write whose key another node changed meanwhile fails with a conflict
 * and is decided again on what is visible then ({@link #retrying}). A health result the shared store
 * cannot take is not applied here alone: every node serves the store's last known state.
 */
final class Registry implements InstanceUpdates, ChangeFeed {

  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  /** How often a write that conflicted with another node's is decided again before the conflict is the answer. */
  static final int CONFLICT_ATTEMPTS = 32;
  /** The longest pause before a write that conflicted is decided again, in milliseconds. */
  private static final int CONFLICT_PAUSE_MAX_MILLIS = 50;

  private final RegistryStore store;
  /** Whether the store is shared (cluster mode): changes become visible through the feed only. */
  private final boolean shared;
  /** Service key → the index that last wrote its policy, where known (a shared store's guard); write lock. */
  private final Map<String, Long> policyIndexes = new HashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  /** What is visible of the instances. */
  private final InstanceTable instances;
  /** Service key → its DNS policy, for the services that have one. */
  private final ConcurrentHashMap<String, ServicePolicy> policies = new ConcurrentHashMap<>();
  /** Node key → an external node registered in the catalog. */
  private final ConcurrentHashMap<String, CatalogNode> nodes = new ConcurrentHashMap<>();
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  /** Long-poll waiters by the index they wait to see passed; guarded by itself. */
  private final NavigableMap<Long, Set<CompletableFuture<Long>>> waiters = new TreeMap<>();
  /** Changes handed to the store and not visible yet; guarded by the write lock. */
  private final PendingWrites pending = new PendingWrites();
  private final AclTable acl;
  private final KvTable kv;
  /** Client futures to complete once the write lock is released; guarded by the write lock. */
  private final List<PendingWrite> madeVisible = new ArrayList<>();
  /** The visible index: every change up to it is durable and applied. */
  private volatile long index;
  /** The index of the last change handed to the store; guarded by the write lock. */
  private long assigned;
  /** Set while {@link #applyResolved} runs, so a change resolved meanwhile waits for its loop. */
  private boolean applying;
  /** Whether the visible index moved since the long polls were last woken; guarded by the write lock. */
  private boolean moved;
  /** Stamps when a check's status changed ({@link CheckStamps}). */
  private final TimeSource time;
  /** Who the writes this thread decides are made for ({@link #as}); unset: this node itself. */
  private final ThreadLocal<ChangeOrigin> caller = new ThreadLocal<>();
  /** Who made the change being applied, for its events; guarded by the write lock. */
  private ChangeOrigin announcing = ChangeOrigin.AGENT;

  Registry(RegistryStore store, HealthFilter filter, TimeSource time) {
    this.store = store;
    this.time = time;
    this.shared = store.shared();
    StoredState state = store.load();
    instances = new InstanceTable(state.instances(), filter);
    policies.putAll(state.policies());
    state.nodes().forEach(n -> nodes.put(n.key(), n));
    acl = new AclTable(state.acl());
    kv = new KvTable(state.keys());
    index = state.index();
    assigned = index;
    store.follow(this);
  }

  long index() {
    return index;
  }

  @Override
  public Optional<Instance> instance(String id) {
    return Optional.ofNullable(instances.get(id));
  }

  @Override
  public Optional<Instance> instanceByCheck(String checkId) {
    String owner = instances.checkOwner(checkId);
    return owner == null ? Optional.empty() : instance(owner);
  }

  /** What DNS serves of a service (case-insensitive name); nothing for an unknown one. */
  ServedInstances serving(String name) {
    return instances.serving(name.toLowerCase(java.util.Locale.ROOT));
  }

  List<Instance> all() {
    return sorted(instances.all());
  }

  /** Instances of one service (case-insensitive), sorted by id. */
  List<Instance> ofService(String name) {
    return instances.ofService(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Service keys that have at least one instance. */
  Collection<String> serviceKeys() {
    return Collections.unmodifiableSet(instances.byService().keySet());
  }

  /**
   * Registers or replaces an instance. A replacement keeps the health its checks had (same check id) and
   * its maintenance, as a Consul agent does on re-registration, and the checks it does not list unless
   * {@code replaceChecks}. Completes once the instance is durable and visible.
   */
  CompletionStage<Instance> register(Instance proposed, boolean replaceChecks) {
    return retrying(() -> registerOnce(proposed, replaceChecks));
  }

  private CompletionStage<Instance> registerOnce(Instance proposed, boolean replaceChecks) {
    writeLock.lock();
    try {
      long next = assigned + 1;
      Instance previous = latest(proposed.id());
      requireSameNode(proposed, previous);
      Instance stored = CheckStamps.stamped(replacement(proposed, previous, replaceChecks, next), previous,
          time.now());
      requireOwnChecks(stored);
      PendingWrite write = submit(new Change.Put(next, stored), null);
      Instance result = stored;
      return write.visible.thenApply(v -> write.appliedOr(result));
    } finally {
      release();
    }
  }

  /**
   * Replaces the instance with {@code change} applied to its latest value: a change that must be durable
   * (maintenance, check definitions), so a store failure fails it and changes nothing. Completes, once
   * visible, with the stored value, or empty when there is no such instance.
   */
  CompletionStage<Optional<Instance>> update(String id, UnaryOperator<Instance> change) {
    return update(id, change, false);
  }

  /**
   * A health result: applied even when the store cannot record it, so check results keep driving DNS on
   * a full disk. {@code change} may change the instance's health only.
   */
  @Override
  public CompletionStage<Optional<Instance>> updateHealth(String id, UnaryOperator<Instance> change) {
    return update(id, change, true);
  }

  private CompletionStage<Optional<Instance>> update(String id, UnaryOperator<Instance> change, boolean health) {
    return retrying(() -> updateOnce(id, change, health));
  }

  private CompletionStage<Optional<Instance>> updateOnce(String id, UnaryOperator<Instance> change,
      boolean health) {
    writeLock.lock();
    try {
      Instance current = latest(id);
      if (current == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      Instance changed = CheckStamps.stamped(change.apply(current), current, time.now());
      if (changed.equals(current)) {
        return CompletableFuture.completedFuture(Optional.of(current));
      }
      if (!changed.id().equals(id) || !changed.service().equals(current.service())
          || !changed.node().equals(current.node())) {
        throw new IllegalArgumentException("an update may not change the instance's id, service or node");
      }
      if (health && !onlyHealthDiffers(changed, current)) {
        throw new IllegalArgumentException("a health result may change the instance's health only");
      }
      requireOwnChecks(changed);
      Instance stored = changed.withIndexes(current.createIndex(), assigned + 1);
      PendingWrite write = submit(new Change.Put(stored.modifyIndex(), stored), health ? change : null);
      return write.visible.thenApply(v -> Optional.ofNullable((Instance) write.applied));
    } finally {
      release();
    }
  }

  @Override
  public CompletionStage<Optional<Instance>> deregisterIf(String id, Predicate<Instance> condition) {
    return retrying(() -> deregisterOnce(id, condition));
  }

  private CompletionStage<Optional<Instance>> deregisterOnce(String id, Predicate<Instance> condition) {
    writeLock.lock();
    try {
      Instance existing = latest(id);
      if (existing == null || !condition.test(existing)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      PendingWrite write = submit(new Change.Remove(assigned + 1, id), null);
      return write.visible.thenApply(v -> Optional.of(existing));
    } finally {
      release();
    }
  }

  /**
   * What registering {@code proposed} over {@code previous} (null for none) stores at {@code index}: a
   * replacement keeps the health its checks had and its maintenance, and, unless {@code replaceChecks}, the
   * checks it does not list.
   */
  private static Instance replacement(Instance proposed, Instance previous, boolean replaceChecks, long index) {
    Instance stored = proposed.withIndexes(previous == null ? index : previous.createIndex(), index);
    if (previous != null) {
      if (!replaceChecks) {
        stored = stored.withChecks(keptChecks(previous, stored));
      }
      stored = stored.withHealth(keptHealth(previous, stored, proposed));
    }
    return stored;
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

  /**
   * The replacement's health with the previous value's maintenance, passive check and check states, except for
   * the external checks {@code proposed} lists: their state is what the registration says, as Consul's catalog
   * stores it.
   */
  private static InstanceHealth keptHealth(Instance previous, Instance replacement, Instance proposed) {
    InstanceHealth kept = replacement.health().withMaintenance(previous.health().maintenance());
    Optional<CheckState> passive = previous.checkState(PassiveCheck.id(previous.id()));
    if (passive.isPresent()) {
      kept = kept.withCheck(PassiveCheck.id(previous.id()), passive.get()); // derived: passive health's own
    }
    for (CheckSpec c : replacement.checks()) {
      if (c.kind() == CheckSpec.Kind.EXTERNAL && proposed.check(c.checkId()).isPresent()) {
        continue;
      }
      Optional<CheckState> before = previous.checkState(c.checkId());
      if (before.isPresent()) {
        kept = kept.withCheck(c.checkId(), before.get());
      }
    }
    return kept;
  }

  /**
   * Refuses an instance of an external node that is not registered, and an id another node's instance holds:
   * Consul's service ids are unique per node, Signpost's across all nodes (its agent endpoints and checks
   * find instances by id alone).
   */
  private void requireSameNode(Instance proposed, Instance previous) {
    if (proposed.isExternal() && latestNode(proposed.node()) == null) {
      throw new IllegalArgumentException("Node '" + proposed.node() + "' is not registered");
    }
    requireIdOfNode(proposed, previous);
  }

  /** Refuses an id another node's instance holds (see {@link #requireSameNode}). */
  private static void requireIdOfNode(Instance proposed, Instance previous) {
    if (previous != null && !previous.node().equals(proposed.node())) {
      throw new IllegalArgumentException("ID '" + proposed.id() + "' is already used by "
          + (previous.isExternal() ? "a service of node '" + previous.node() + "'" : "a service of this agent")
          + "; service ids must be unique across nodes");
    }
  }

  private void requireOwnChecks(Instance instance) {
    requireOwnChecks(Map.of(instance.id(), instance));
  }

  /** Refuses a check id that another instance has, once {@code changed} (id → new value) are applied too. */
  private void requireOwnChecks(Map<String, Instance> changed) {
    Map<String, String> claimed = new HashMap<>();
    for (Instance instance : changed.values()) {
      for (CheckSpec c : instance.checks()) {
        String owner = claimed.putIfAbsent(c.checkId(), instance.id());
        if (owner == null) {
          owner = latestCheckOwner(c.checkId());
          Instance ownerAfter = owner == null ? null : changed.get(owner);
          if (ownerAfter != null && ownerAfter.check(c.checkId()).isEmpty()) {
            owner = null; // gives the check up in the same change
          }
        }
        if (owner != null && !owner.equals(instance.id())) {
          throw new IllegalArgumentException("CheckID '" + c.checkId() + "' is already used by service '" + owner
              + "'; check ids must be unique");
        }
      }
    }
  }

  /** Removes an instance; completes with it once the removal is durable and visible, empty when there is none. */
  CompletionStage<Optional<Instance>> deregister(String id) {
    return deregisterIf(id, i -> true);
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

  /** Sets or replaces a service's DNS policy (a service need not have instances yet); completes once visible. */
  CompletionStage<ServicePolicy> setPolicy(String service, ServicePolicy policy) {
    return retrying(() -> setPolicyOnce(service, policy));
  }

  private CompletionStage<ServicePolicy> setPolicyOnce(String service, ServicePolicy policy) {
    String key = service.toLowerCase(java.util.Locale.ROOT);
    writeLock.lock();
    try {
      if (policy.equals(latestPolicy(key))) {
        return CompletableFuture.completedFuture(policy);
      }
      PendingWrite write = submit(new Change.PutPolicy(assigned + 1, key, policy), null);
      return write.visible.thenApply(v -> policy);
    } finally {
      release();
    }
  }

  /** Removes a service's DNS policy; completes with it once visible, or empty when it had none. */
  CompletionStage<Optional<ServicePolicy>> removePolicy(String service) {
    return retrying(() -> removePolicyOnce(service));
  }

  private CompletionStage<Optional<ServicePolicy>> removePolicyOnce(String service) {
    String key = service.toLowerCase(java.util.Locale.ROOT);
    writeLock.lock();
    try {
      ServicePolicy existing = latestPolicy(key);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      PendingWrite write = submit(new Change.RemovePolicy(assigned + 1, key), null);
      return write.visible.thenApply(v -> Optional.of(existing));
    } finally {
      release();
    }
  }

  /** The external node with this name (case-insensitive), as visible now. */
  Optional<CatalogNode> node(String name) {
    return Optional.ofNullable(nodes.get(CatalogNode.key(name)));
  }

  /** Every external node, by key. */
  List<CatalogNode> nodes() {
    List<CatalogNode> all = new ArrayList<>(nodes.values());
    all.sort(Comparator.comparing(CatalogNode::key));
    return all;
  }

  /** The visible instances of the external node with this key, sorted by id: a scan, for the catalog API. */
  List<Instance> onNode(String key) {
    return sorted(visibleOnNode(key).values());
  }

  /** The visible instances of the external node with this key, by id: a scan of them all. */
  private Map<String, Instance> visibleOnNode(String key) {
    Map<String, Instance> found = new HashMap<>();
    for (Instance i : instances.all()) {
      if (i.node().equals(key)) {
        found.put(i.id(), i);
      }
    }
    return found;
  }

  /**
   * Registers or replaces an external node; with {@code keepExisting} (Consul's {@code SkipNodeUpdate}) an
   * existing one is left as it is. When its address changes, its instances at the old address (those
   * registered without an address of their own) move to the new one. Then {@code service}, if any, is
   * registered on it as {@link #register} does (its checks' states kept, the checks it does not list too), and
   * each of {@code checks} set on its instance. All of it is one change at one index, all or none: decided on
   * the latest accepted state (over a shared store, on what is visible once this node's pending changes are),
   * durable before any of it is visible, and announced together (the node's event first, then its instances').
   * Completes with the node as stored.
   *
   * @throws IllegalArgumentException when the service's id is another node's, a check's service is not on the
   *     node, or a check id is another instance's
   */
  CompletionStage<CatalogNode> registerOnNode(CatalogNode proposed, boolean keepExisting, Optional<Instance> service,
      List<NodeCatalog.ServiceCheck> checks) {
    return retrying(() -> registerOnNodeOnce(proposed, keepExisting, service, checks));
  }

  private CompletionStage<CatalogNode> registerOnNodeOnce(CatalogNode proposed, boolean keepExisting,
      Optional<Instance> service, List<NodeCatalog.ServiceCheck> checks) {
    writeLock.lock();
    try {
      CompletableFuture<Void> before = pendingBeforeTransaction();
      if (before != null) {
        ChangeOrigin origin = caller.get();
        return before.thenCompose(v -> as(origin, () -> registerOnNodeOnce(proposed, keepExisting, service, checks)));
      }
      long next = assigned + 1;
      String key = proposed.key();
      CatalogNode existing = latestNode(key);
      CatalogNode node = existing;
      List<Change> writes = new ArrayList<>();
      // Instance id -> its value after this change, in the order decided.
      Map<String, Instance> changed = new LinkedHashMap<>();
      if (existing == null || !(keepExisting || proposed.sameAs(existing))) {
        node = proposed.withIndexes(existing == null ? next : existing.createIndex(), next);
        writes.add(new Change.PutNode(next, node));
        if (existing != null && !existing.address().equals(node.address())) {
          for (Instance i : latestOnNode(key)) {
            if (i.address().equals(existing.address())) {
              changed.put(i.id(), i.withAddress(node.address()).withIndexes(i.createIndex(), next));
            }
          }
        }
      }
      if (service.isPresent()) {
        Instance proposedService = service.get();
        if (!proposedService.node().equals(key)) {
          throw new IllegalArgumentException("service '" + proposedService.id() + "' is on node '"
              + proposedService.node() + "', not '" + key + "'");
        }
        Instance previous = changed.containsKey(proposedService.id()) ? changed.get(proposedService.id())
            : latest(proposedService.id());
        requireIdOfNode(proposedService, previous);
        changed.put(proposedService.id(), replacement(proposedService, previous, false, next));
      }
      Instant now = time.now(); // one time for every check this registration stamps
      for (NodeCatalog.ServiceCheck c : checks) {
        Instance owner = changed.containsKey(c.serviceId()) ? changed.get(c.serviceId()) : latest(c.serviceId());
        if (owner == null || !owner.node().equals(key)) {
          throw new IllegalArgumentException("ServiceID '" + c.serviceId() + "' is not a service of node '"
              + proposed.name() + "'");
        }
        Instance updated = CheckStamps.stamped(NodeCatalog.withCheck(owner, c.check(), c.state()), owner, now);
        if (!updated.equals(owner)) {
          changed.put(owner.id(), updated.withIndexes(owner.createIndex(), next));
        }
      }
      requireOwnChecks(changed);
      changed.values().forEach(i -> writes.add(new Change.Put(next, CheckStamps.stamped(i, latest(i.id()), now))));
      if (writes.isEmpty()) {
        return CompletableFuture.completedFuture(node);
      }
      CatalogNode stored = node;
      PendingWrite write = submitCatalog(next, writes);
      return write.visible.thenApply(v -> write.appliedOr(stored));
    } finally {
      release();
    }
  }

  /**
   * Over a shared store, while this node has changes on their way: a stage that completes once they are all
   * answered, to decide a catalog or key transaction after them; otherwise null. A transaction's guard is the visible
   * index, which a pending change that fails does not move, so it must rest on nothing but what is visible.
   */
  private CompletableFuture<Void> pendingBeforeTransaction() {
    PendingWrite last = shared ? pending.last() : null;
    return last == null ? null : last.visible.handle((v, error) -> null);
  }

  /**
   * Hands the catalog writes decided at {@code index} to the store: one alone as the plain change it is, several
   * as one {@link Change.CatalogTransaction}. A shared store commits a transaction only if nothing in the
   * registry changed since it was decided (its basis is the visible index), so its own pending changes, sent
   * first, fail it too, and it is decided again once they are visible.
   */
  private PendingWrite submitCatalog(long index, List<Change> writes) {
    if (writes.size() == 1) {
      return submit(writes.get(0), null);
    }
    Change.CatalogTransaction txn = new Change.CatalogTransaction(index, writes);
    return submit(new PendingWrite(txn, PendingWrite.keyOf(txn), null, this.index));
  }

  /**
   * Removes an external node and every instance on it, as one change (the instances first, so no instance is
   * ever without its node); completes with the node once visible, empty when there is none.
   */
  CompletionStage<Optional<CatalogNode>> removeNode(String name) {
    return retrying(() -> removeNodeOnce(CatalogNode.key(name)));
  }

  private CompletionStage<Optional<CatalogNode>> removeNodeOnce(String key) {
    writeLock.lock();
    try {
      CompletableFuture<Void> before = pendingBeforeTransaction();
      if (before != null) {
        ChangeOrigin origin = caller.get();
        return before.thenCompose(v -> as(origin, () -> removeNodeOnce(key)));
      }
      CatalogNode existing = latestNode(key);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      long next = assigned + 1;
      List<Change> writes = new ArrayList<>();
      for (Instance i : latestOnNode(key)) {
        writes.add(new Change.Remove(next, i.id()));
      }
      writes.add(new Change.RemoveNode(next, key));
      PendingWrite write = submitCatalog(next, writes);
      return write.visible.thenApply(v -> Optional.of(existing));
    } finally {
      release();
    }
  }

  private CatalogNode latestNode(String key) {
    return pending.touches(PendingWrites.NODE, key) ? pending.value(PendingWrites.NODE, key, CatalogNode.class)
        : nodes.get(key);
  }

  /** The instances of a node once every accepted change is applied; a scan of them all. */
  private List<Instance> latestOnNode(String key) {
    Map<String, Instance> found = visibleOnNode(key);
    // Every pending instance is laid over (a pending one may move onto the node or off it): filter again.
    List<Instance> latest = new ArrayList<>();
    for (Instance i : pending.overlay(PendingWrites.INSTANCE, found, Instance.class).values()) {
      if (i.node().equals(key)) {
        latest.add(i);
      }
    }
    return sorted(latest);
  }

  /** The ACL tokens and policies as they are visible now. */
  AclTable acl() {
    return acl;
  }

  /**
   * Creates or replaces an ACL policy; completes with it once visible.
   *
   * @throws IllegalArgumentException when another policy has its name, or it is the built-in one
   */
  CompletionStage<AclPolicy> putAclPolicy(AclPolicy proposed) {
    return retrying(() -> putAclPolicyOnce(proposed));
  }

  private CompletionStage<AclPolicy> putAclPolicyOnce(AclPolicy proposed) {
    writeLock.lock();
    try {
      if (proposed.builtIn()) {
        throw new IllegalArgumentException("the builtin " + AclPolicy.GLOBAL_MANAGEMENT_NAME
            + " policy cannot be changed");
      }
      for (AclPolicy other : latestAclPolicies()) {
        if (other.name().equals(proposed.name()) && !other.id().equals(proposed.id())) {
          throw new IllegalArgumentException("Invalid Policy: A Policy with Name \"" + proposed.name()
              + "\" already exists");
        }
      }
      long next = assigned + 1;
      AclPolicy previous = latestAclPolicy(proposed.id());
      AclPolicy stored = proposed.withIndexes(previous == null ? next : previous.createIndex(), next);
      PendingWrite write = submit(new Change.PutAclPolicy(next, stored), null);
      return write.visible.thenApply(v -> write.appliedOr(stored));
    } finally {
      release();
    }
  }

  /** Deletes an ACL policy; completes with it once visible, empty when there is none. */
  CompletionStage<Optional<AclPolicy>> removeAclPolicy(String id) {
    return retrying(() -> removeAclPolicyOnce(id));
  }

  private CompletionStage<Optional<AclPolicy>> removeAclPolicyOnce(String id) {
    writeLock.lock();
    try {
      if (id.equals(AclPolicy.GLOBAL_MANAGEMENT_ID)) {
        throw new IllegalArgumentException("the builtin " + AclPolicy.GLOBAL_MANAGEMENT_NAME
            + " policy cannot be deleted");
      }
      AclPolicy existing = latestAclPolicy(id);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      PendingWrite write = submit(new Change.RemoveAclPolicy(assigned + 1, id), null);
      return write.visible.thenApply(v -> Optional.of(existing));
    } finally {
      release();
    }
  }

  /**
   * Creates or replaces an ACL token; completes with it once visible. With {@code onlyFirstManagement}
   * (bootstrap), refused while a management token exists.
   *
   * @throws IllegalArgumentException when a policy it links does not exist, or its secret is another's
   * @throws IllegalStateException when bootstrapping and a management token exists
   */
  CompletionStage<AclToken> putAclToken(AclToken proposed, boolean onlyFirstManagement) {
    return retrying(() -> putAclTokenOnce(proposed, onlyFirstManagement));
  }

  private CompletionStage<AclToken> putAclTokenOnce(AclToken proposed, boolean onlyFirstManagement) {
    writeLock.lock();
    try {
      List<AclToken> tokens = latestAclTokens();
      if (onlyFirstManagement && tokens.stream().anyMatch(AclToken::management)) {
        throw new IllegalStateException("ACL bootstrap no longer allowed: a management token exists");
      }
      for (AclToken other : tokens) {
        if (other.secretHash().equals(proposed.secretHash()) && !other.accessorId().equals(proposed.accessorId())) {
          throw new IllegalArgumentException("Invalid Token: SecretID is already in use");
        }
      }
      for (String policyId : proposed.policyIds()) {
        if (latestAclPolicy(policyId) == null) {
          throw new IllegalArgumentException("cannot find policy " + policyId);
        }
      }
      long next = assigned + 1;
      AclToken previous = latestAclToken(proposed.accessorId());
      AclToken stored = proposed.withIndexes(previous == null ? next : previous.createIndex(), next);
      PendingWrite write = submit(new Change.PutAclToken(next, stored), null);
      return write.visible.thenApply(v -> write.appliedOr(stored));
    } finally {
      release();
    }
  }

  /** Deletes an ACL token; completes with it once visible, empty when there is none. */
  CompletionStage<Optional<AclToken>> removeAclToken(String accessorId) {
    return retrying(() -> removeAclTokenOnce(accessorId));
  }

  private CompletionStage<Optional<AclToken>> removeAclTokenOnce(String accessorId) {
    writeLock.lock();
    try {
      AclToken existing = latestAclToken(accessorId);
      if (existing == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      PendingWrite write = submit(new Change.RemoveAclToken(assigned + 1, accessorId), null);
      return write.visible.thenApply(v -> Optional.of(existing));
    } finally {
      release();
    }
  }

  private AclToken latestAclToken(String accessorId) {
    return pending.touches(PendingWrites.TOKEN, accessorId)
        ? pending.value(PendingWrites.TOKEN, accessorId, AclToken.class) : acl.token(accessorId).orElse(null);
  }

  private AclPolicy latestAclPolicy(String id) {
    return pending.touches(PendingWrites.ACL_POLICY, id)
        ? pending.value(PendingWrites.ACL_POLICY, id, AclPolicy.class) : acl.policy(id).orElse(null);
  }

  private List<AclToken> latestAclTokens() {
    Map<String, AclToken> all = new HashMap<>();
    acl.tokens().forEach(t -> all.put(t.accessorId(), t));
    return List.copyOf(pending.overlay(PendingWrites.TOKEN, all, AclToken.class).values());
  }

  /** Every ACL policy once the pending changes are applied, the built-in one included. */
  private List<AclPolicy> latestAclPolicies() {
    Map<String, AclPolicy> all = new HashMap<>();
    acl.policies().forEach(p -> all.put(p.id(), p));
    return List.copyOf(pending.overlay(PendingWrites.ACL_POLICY, all, AclPolicy.class).values());
  }

  /** The key/value store's entries as they are visible now. */
  KvTable keys() {
    return kv;
  }

  /**
   * Sets a key; with {@code cas}, only if its modify index is that (0: only if there is no such key), as
   * Consul's {@code ?cas=}. Completes, once visible, with whether it was set: a lost compare is false.
   */
  CompletionStage<Boolean> putKey(String key, byte[] value, long flags, OptionalLong cas) {
    return retrying(() -> putKeyOnce(key, value, flags, cas));
  }

  private CompletionStage<Boolean> putKeyOnce(String key, byte[] value, long flags, OptionalLong cas) {
    writeLock.lock();
    try {
      KvEntry current = latestKey(key);
      if (cas.isPresent() && cas.getAsLong() != (current == null ? 0 : current.modifyIndex())) {
        return CompletableFuture.completedFuture(false);
      }
      long next = assigned + 1;
      KvEntry entry = new KvEntry(key, value, flags, current == null ? next : current.createIndex(), next);
      PendingWrite write = submitKeys(new Change.PutKey(next, entry), effect(key, entry), keyBasis(key, cas));
      return write.visible.thenApply(v -> true);
    } finally {
      release();
    }
  }

  /**
   * Deletes a key; with {@code cas}, only if its modify index is that. Completes, once visible, with whether
   * the key is gone: true for a key that was not there, false for a lost compare.
   */
  CompletionStage<Boolean> removeKey(String key, OptionalLong cas) {
    return retrying(() -> removeKeyOnce(key, cas));
  }

  private CompletionStage<Boolean> removeKeyOnce(String key, OptionalLong cas) {
    writeLock.lock();
    try {
      KvEntry current = latestKey(key);
      if (current == null) {
        return CompletableFuture.completedFuture(true);
      }
      if (cas.isPresent() && cas.getAsLong() != current.modifyIndex()) {
        return CompletableFuture.completedFuture(false);
      }
      long next = assigned + 1;
      PendingWrite write = submitKeys(new Change.RemoveKey(next, key), effect(key, null), keyBasis(key, cas));
      return write.visible.thenApply(v -> true);
    } finally {
      release();
    }
  }

  /** Deletes every key under {@code prefix}, at once; completes once visible. */
  CompletionStage<Boolean> removeKeyTree(String prefix) {
    return retrying(() -> removeKeyTreeOnce(prefix));
  }

  private CompletionStage<Boolean> removeKeyTreeOnce(String prefix) {
    writeLock.lock();
    try {
      Map<String, KvEntry> found = latestKeysUnder(prefix);
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(true);
      }
      Map<String, KvEntry> effects = new HashMap<>();
      found.keySet().forEach(k -> effects.put(k, null));
      // No guard: like Consul's, the delete takes whatever is under the prefix when it is made.
      PendingWrite write = submitKeys(new Change.RemoveKeyTree(assigned + 1, prefix), effects, RegistryStore.ANY);
      return write.visible.thenApply(v -> true);
    } finally {
      release();
    }
  }

  /**
   * Runs a key/value transaction: decided on the latest accepted state and written as one change, or, when
   * any operation fails, not at all. A shared store commits it only if nothing in the registry changed
   * since it was decided (its basis is the visible index), else it is decided again.
   */
  CompletionStage<KvTransactionResult> keyTransaction(List<KvOperation> ops) {
    return retrying(() -> keyTransactionOnce(ops));
  }

  private CompletionStage<KvTransactionResult> keyTransactionOnce(List<KvOperation> ops) {
    writeLock.lock();
    try {
      CompletableFuture<Void> before = pendingBeforeTransaction();
      if (before != null) {
        ChangeOrigin origin = caller.get();
        return before.thenCompose(v -> as(origin, () -> keyTransactionOnce(ops)));
      }
      long next = assigned + 1;
      KvTransaction.Decision decision = KvTransaction.decide(ops, next, this::latestKey, this::latestKeysUnder);
      if (!decision.result().committed() || decision.effects().isEmpty()) {
        return CompletableFuture.completedFuture(decision.result());
      }
      List<Change> writes = new ArrayList<>();
      decision.effects().forEach((key, entry) -> writes.add(entry == null ? new Change.RemoveKey(next, key)
          : new Change.PutKey(next, entry)));
      // Guarded by the registry's index, and decided (over a shared store) only once this node's own pending
      // changes are answered: one that failed leaves the index where it was, so the guard would not catch a
      // decision made on it.
      PendingWrite write = submitKeys(new Change.KeyTransaction(next, writes), decision.effects(), index);
      return write.visible.thenApply(v -> decision.result());
    } finally {
      release();
    }
  }

  private static Map<String, KvEntry> effect(String key, KvEntry entry) {
    Map<String, KvEntry> effects = new HashMap<>();
    effects.put(key, entry);
    return effects;
  }

  /**
   * A single key's guard: none for a plain write (it overwrites whatever is there, as Consul's does; the
   * store numbers it), the key's modify index as this registry saw it for a compare-and-set.
   */
  private long keyBasis(String key, OptionalLong cas) {
    if (cas.isEmpty()) {
      return RegistryStore.ANY;
    }
    if (pending.touchesKey(key)) {
      return RegistryStore.AFTER_PENDING;
    }
    KvEntry visible = kv.getOrNull(key);
    return visible == null ? RegistryStore.ABSENT : visible.modifyIndex();
  }

  /** The key as the latest accepted change leaves it (pending or visible); null when there is none. */
  private KvEntry latestKey(String key) {
    return pending.touchesKey(key) ? pending.keyValue(key) : kv.getOrNull(key);
  }

  /** The keys under {@code prefix} as the latest accepted changes leave them, by key. */
  private Map<String, KvEntry> latestKeysUnder(String prefix) {
    Map<String, KvEntry> found = new TreeMap<>();
    kv.under(prefix).forEach(e -> found.put(e.key(), e));
    return pending.overlayKeys(prefix, found);
  }

  void addListener(RegistryListener listener) {
    writeLock.lock();
    try {
      // Service by service, each in id order, as the registry keeps them: no sort of a million instances,
      // and a listener grouping by service (the zone view) finds each service's instances together.
      List<Instance> grouped = new ArrayList<>(instances.size());
      instances.byService().values().forEach(grouped::addAll);
      listener.onReset(grouped, index);
      listeners.add(listener);
    } finally {
      release();
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

  RegistryMetrics metrics() {
    Map<HealthStatus, Integer> byStatus = new EnumMap<>(HealthStatus.class);
    for (HealthStatus s : HealthStatus.values()) {
      byStatus.put(s, instances.count(s));
    }
    return new RegistryMetrics(index, instances.byService().size(), instances.size(), byStatus,
        instances.servicesFailingOpen(), 0, 0, 0, 0,
        0, store.failure());
  }

  /**
   * Closes the store, which first makes what is queued durable. Not under the write lock: the store's
   * thread needs it to make those changes visible.
   */
  void close() {
    if (shared) {
      writeLock.lock();
      try {
        store.compact(visibleState()); // a shared store's local copy: what a restart without it serves
      } finally {
        release();
      }
    }
    store.close();
  }

  /**
   * Hands {@code change} to the store and queues it to become visible; call with the write lock held.
   * A change the store refuses at once is not queued and its error thrown, unless it is a health result
   * ({@code health} not null), which is queued as failed and applied in its turn.
   */
  private PendingWrite submit(Change change, UnaryOperator<Instance> health) {
    String key = PendingWrite.keyOf(change);
    return submit(new PendingWrite(change, key, health, basis(key)));
  }

  /** {@link #submit} for a key/value change, with what it leaves under each key and its guard. */
  private PendingWrite submitKeys(Change change, Map<String, KvEntry> effects, long basis) {
    return submit(new PendingWrite(change, PendingWrite.keyOf(change), null, basis, effects));
  }

  private PendingWrite submit(PendingWrite write) {
    ChangeOrigin origin = caller.get();
    write.origin = origin == null ? ChangeOrigin.AGENT : origin;
    Change change = write.change;
    UnaryOperator<Instance> health = write.health;
    CompletionStage<Void> durable;
    try {
      durable = store.append(change, write.basis);
    } catch (StoreException e) {
      if (health == null) {
        throw e;
      }
      durable = CompletableFuture.failedFuture(e);
    }
    assigned = change.index();
    pending.add(write);
    durable.whenComplete((v, error) -> resolved(write, error));
    return write;
  }

  /** The store's answer for {@code write}; runs on the store's thread (or the caller's, when immediate). */
  private void resolved(PendingWrite write, Throwable error) {
    writeLock.lock();
    try {
      write.resolve(error);
      applyResolved();
    } finally {
      release();
    }
  }

  /**
   * Makes visible, in index order, every change at the head of the queue that the store has answered:
   * durable ones are applied, failed health results re-applied to the visible instance, other failures
   * dropped. Call with the write lock held.
   */
  private void applyResolved() {
    if (applying) {
      return; // a listener's own write resolved at once; the loop below picks it up
    }
    applying = true;
    try {
      for (PendingWrite write; (write = pending.pollResolved()) != null; ) {
        if (shared) {
          // The feed applied it (or, failed, it changed nothing anywhere): report what is visible.
          write.applied = visible(write.key());
        } else if (!write.failed()) {
          announcing = write.origin;
          apply(write.change);
          write.applied = write.value();
        } else if (write.health != null) {
          announcing = write.origin;
          write.applied = applyHealthAnyway(write);
        }
        announcing = ChangeOrigin.AGENT;
        madeVisible.add(write);
      }
    } finally {
      applying = false;
    }
    if (store.wantsCompaction() && (shared || !pending.anyFailed())) {
      compact();
    }
  }

  @Override
  public void committed(List<Change> changes) {
    writeLock.lock();
    try {
      for (Change change : changes) {
        if (change.index() < index) {
          continue; // delivered again after a reconnection (one transaction may hold several changes)
        }
        // This node's own change, as the feed delivers it back, or another node's.
        ChangeOrigin own = pending.originOf(change.index());
        announcing = own == null ? ChangeOrigin.CLUSTER : own;
        apply(change);
        announcing = ChangeOrigin.AGENT;
        assigned = Math.max(assigned, change.index());
      }
      applyResolved();
    } finally {
      release();
    }
  }

  @Override
  public void reload(StoredState state) {
    writeLock.lock();
    try {
      announcing = ChangeOrigin.CLUSTER;
      for (Change change : StateDifference.between(visibleState(), state)) {
        apply(change);
      }
      announcing = ChangeOrigin.AGENT;
      // A state says which change last wrote an instance or ACL value, not a policy: unknown, so unguarded.
      policyIndexes.clear();
      index = state.index();
      assigned = Math.max(assigned, index);
      moved = true; // wakes the long polls even when nothing differed
      applyResolved();
    } finally {
      release();
    }
  }

  /**
   * Runs a write, and decides it again (at most {@link #CONFLICT_ATTEMPTS} times, after a short random
   * pause) while a shared store reports that another node changed its key meanwhile: the store fails it only
   * once this registry sees that change, so the next attempt decides on it.
   */
  private <T> CompletionStage<T> retrying(Supplier<CompletionStage<T>> attempt) {
    if (!shared) {
      return attempt.get();
    }
    // Attempts after the first run on other threads: each is made for the caller of the first.
    ChangeOrigin origin = caller.get();
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(() -> as(origin, attempt), 1, result);
    return result;
  }

  /**
   * Runs {@code write} (a call of this registry's write methods) on behalf of {@code origin}: the changes it
   * decides on this thread carry it to their events. A null origin is this node itself.
   */
  <T> T as(ChangeOrigin origin, Supplier<T> write) {
    ChangeOrigin outer = caller.get();
    caller.set(origin);
    try {
      return write.get();
    } finally {
      if (outer == null) {
        caller.remove();
      } else {
        caller.set(outer);
      }
    }
  }

  private <T> void attempt(Supplier<CompletionStage<T>> attempt, int number, CompletableFuture<T> result) {
    CompletionStage<T> stage;
    try {
      stage = attempt.get();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    stage.whenComplete((value, error) -> {
      Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
      if (cause instanceof StoreException e && e.kind() == StoreException.Kind.CONFLICT
          && number < CONFLICT_ATTEMPTS) {
        // A random pause, growing with each attempt: nodes that keep writing one key take turns, not fight.
        long pause = java.util.concurrent.ThreadLocalRandom.current()
            .nextLong(Math.min(CONFLICT_PAUSE_MAX_MILLIS, 1L << Math.min(number, 10)) + 1);
        CompletableFuture.runAsync(() -> attempt(attempt, number + 1, result),
            CompletableFuture.delayedExecutor(pause, java.util.concurrent.TimeUnit.MILLISECONDS));
      } else if (error != null) {
        result.completeExceptionally(cause);
      } else {
        result.complete(value);
      }
    });
  }

  /** What a shared store's guard compares for a change to {@code key}: what this registry decided it on. */
  private long basis(String key) {
    if (pending.touches(key)) {
      return RegistryStore.AFTER_PENDING;
    }
    Object visible = visible(key);
    if (visible == null) {
      return RegistryStore.ABSENT;
    }
    if (visible instanceof Instance i) {
      return i.modifyIndex();
    }
    if (visible instanceof AclToken t) {
      return t.modifyIndex();
    }
    if (visible instanceof AclPolicy p) {
      return p.modifyIndex();
    }
    if (visible instanceof CatalogNode n) {
      return n.modifyIndex();
    }
    return policyIndexes.getOrDefault(key.substring(PendingWrites.POLICY.length()), RegistryStore.ANY);
  }

  /** The visible value under a {@link PendingWrite#key}: an instance, policy, ACL value, node or key; or null. */
  private Object visible(String key) {
    int colon = key.indexOf(':') + 1;
    String kind = key.substring(0, colon);
    String id = key.substring(colon);
    return switch (kind) {
      case PendingWrites.INSTANCE -> instances.get(id);
      case PendingWrites.POLICY -> policies.get(id);
      case PendingWrites.TOKEN -> acl.token(id).orElse(null);
      case PendingWrites.NODE -> nodes.get(id);
      case PendingWrites.KEY -> kv.getOrNull(id);
      case PendingWrites.KEYS -> null;
      default -> acl.policy(id).filter(p -> !p.builtIn()).orElse(null);
    };
  }

  /** Everything visible now, as a store would hold it. */
  private StoredState visibleState() {
    return new StoredState(index, List.copyOf(instances.all()), Map.copyOf(policies), acl.state(),
        List.copyOf(nodes.values()), List.copyOf(kv.all()));
  }

  /**
   * A health result the store failed: re-applied to what is visible now (the value computed when it was
   * queued may rest on writes that failed since), under its own index, not journaled.
   */
  private Instance applyHealthAnyway(PendingWrite write) {
    Instance current = instances.get(write.instanceId());
    if (current == null) {
      return null;
    }
    Instance changed = CheckStamps.stamped(write.health.apply(current), current, time.now());
    if (changed.equals(current) || !onlyHealthDiffers(changed, current)) {
      return current;
    }
    Instance stored = changed.withIndexes(current.createIndex(), write.index());
    apply(new Change.Put(write.index(), stored));
    return stored;
  }

  /** Whether {@code changed} is {@code current} with other health, and nothing else changed. */
  private static boolean onlyHealthDiffers(Instance changed, Instance current) {
    return changed.withHealth(current.health()).equals(current);
  }

  /** Applies a durable change to memory, then moves the visible index, then announces it. */
  private void apply(Change change) {
    if (change instanceof Change.CatalogTransaction txn) {
      // Each write in turn, at the one index, events in the order of the writes; the writer and the long polls
      // hear of it once all are applied (release()).
      txn.writes().forEach(this::apply);
    } else if (change instanceof Change.Put put) {
      Instance stored = put.instance();
      Optional<Instance> previous = Optional.ofNullable(instances.get(stored.id()));
      instances.put(stored);
      index = put.index();
      moved = true;
      announce(new RegistryEvent.Registered(previous, stored, put.index()));
    } else if (change instanceof Change.Remove remove) {
      Instance existing = instances.remove(remove.instanceId());
      // The index moves after the data: a reader that sees it (a blocking query) must see the change too.
      index = remove.index();
      moved = true;
      if (existing != null) {
        announce(new RegistryEvent.Deregistered(existing, remove.index()));
      }
    } else if (acl.apply(change) || kv.apply(change)) {
      // Key/value changes are not announced: nothing DNS serves depends on them, and their long polls
      // wait on the table itself.
      index = change.index();
      moved = true;
    } else if (change instanceof Change.PutNode put) {
      nodes.put(put.node().key(), put.node());
      index = put.index();
      moved = true;
      announce(new RegistryEvent.NodeChanged(put.node().key(), Optional.of(put.node()), put.index()));
    } else if (change instanceof Change.RemoveNode remove) {
      CatalogNode existing = nodes.remove(remove.node());
      index = remove.index();
      moved = true;
      if (existing != null) {
        announce(new RegistryEvent.NodeChanged(remove.node(), Optional.empty(), remove.index()));
      }
    } else if (change instanceof Change.PutPolicy put) {
      policies.put(put.service(), put.policy());
      policyIndexes.put(put.service(), put.index());
      index = put.index();
      moved = true;
      announce(new RegistryEvent.PolicyChanged(put.service(), Optional.of(put.policy()), put.index()));
    } else {
      Change.RemovePolicy remove = (Change.RemovePolicy) change;
      policies.remove(remove.service());
      policyIndexes.remove(remove.service());
      index = remove.index();
      moved = true;
      announce(new RegistryEvent.PolicyChanged(remove.service(), Optional.empty(), remove.index()));
    }
  }

  /** The instance as the latest accepted change leaves it (pending or visible); null when there is none. */
  private Instance latest(String id) {
    return pending.touches(PendingWrites.INSTANCE, id) ? pending.value(PendingWrites.INSTANCE, id, Instance.class)
        : instances.get(id);
  }

  private ServicePolicy latestPolicy(String key) {
    return pending.touches(PendingWrites.POLICY, key) ? pending.value(PendingWrites.POLICY, key, ServicePolicy.class)
        : policies.get(key);
  }

  /** Which instance has the check once every accepted change is applied; null when none does. */
  private String latestCheckOwner(String checkId) {
    String pendingOwner = pending.checkOwner(checkId);
    if (pendingOwner != null) {
      return pendingOwner;
    }
    String owner = instances.checkOwner(checkId);
    // An owner with a pending change that does not list the check (found above otherwise) gives it up.
    return owner == null || pending.touches(PendingWrites.INSTANCE, owner) ? null : owner;
  }

  /**
   * Asks the store to compact into the latest accepted state: the snapshot follows every change queued
   * so far, pending ones included, so it must hold them too. Call with the write lock held, and only
   * while every pending change is journaled or may still be.
   */
  private void compact() {
    if (shared) {
      // A shared store keeps only what every node agreed on: the visible state, as a copy for a cold start.
      store.compact(visibleState());
      return;
    }
    Map<String, Instance> latestInstances =
        pending.overlay(PendingWrites.INSTANCE, instances.copyById(), Instance.class);
    Map<String, ServicePolicy> latestPolicies =
        pending.overlay(PendingWrites.POLICY, new HashMap<>(policies), ServicePolicy.class);
    AclState latestAcl = new AclState(latestAclTokens(),
        latestAclPolicies().stream().filter(p -> !p.builtIn()).toList());
    try {
      Map<String, CatalogNode> latestNodes =
          pending.overlay(PendingWrites.NODE, new HashMap<>(nodes), CatalogNode.class);
      Map<String, KvEntry> latestKeys = latestKeysUnder("");
      store.compact(new StoredState(assigned, List.copyOf(latestInstances.values()), Map.copyOf(latestPolicies),
          latestAcl, List.copyOf(latestNodes.values()), List.copyOf(latestKeys.values())));
    } catch (StoreException e) {
      // The store failed meanwhile: its journal keeps everything, and a later change asks again.
      LOG.log(Level.DEBUG, "compaction not requested: " + e.getMessage());
    }
  }

  /**
   * Releases the write lock; when it is the outermost hold, completes the futures of the changes made
   * visible meanwhile and wakes the long polls, outside the lock, so their callbacks never run under it.
   */
  private void release() {
    List<PendingWrite> done = List.of();
    boolean wake = false;
    if (writeLock.getHoldCount() == 1 && (moved || !madeVisible.isEmpty())) {
      done = new ArrayList<>(madeVisible);
      madeVisible.clear();
      wake = true;
      moved = false;
    }
    writeLock.unlock();
    if (!wake) {
      return;
    }
    wakeWaiters();
    kv.wake();
    for (PendingWrite write : done) {
      if (write.failed() && write.health == null) {
        write.visible.completeExceptionally(write.failure);
      } else {
        write.visible.complete(null);
      }
    }
  }

  private void announce(RegistryEvent event) {
    ChangeOrigin origin = announcing;
    origin.markAnnounced();
    for (RegistryListener l : listeners) {
      try {
        l.onEvent(event, origin);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "registry listener " + l + " failed on " + event, e);
      }
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

  private static List<Instance> sorted(Collection<Instance> instances) {
    List<Instance> list = new ArrayList<>(instances);
    list.sort(Comparator.comparing(Instance::id));
    return list;
  }
}
