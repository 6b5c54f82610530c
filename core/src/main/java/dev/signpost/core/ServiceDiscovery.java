package dev.signpost.core;

import dev.signpost.balance.Client;
import dev.signpost.balance.InstanceStats;
import dev.signpost.balance.LoadBalancingStrategy;
import dev.signpost.balance.StrategyCatalog;
import dev.signpost.balance.Tiers;
import dev.signpost.core.cluster.CheckPlacement;
import dev.signpost.core.health.CheckObserver;
import dev.signpost.core.health.CheckTargets;
import dev.signpost.core.health.HealthEngine;
import dev.signpost.core.health.HealthScheduler;
import dev.signpost.core.health.HeartbeatRelay;
import dev.signpost.core.health.Probe;
import dev.signpost.core.health.ProbeLimits;
import dev.signpost.core.passive.CallOutcome;
import dev.signpost.core.passive.OutcomeRelay;
import dev.signpost.core.passive.Outcomes;
import dev.signpost.core.passive.PassiveHealth;
import dev.signpost.core.passive.PassiveOptions;
import dev.signpost.core.passive.PassiveReport;
import dev.signpost.core.storage.InMemoryStore;
import dev.signpost.core.storage.RegistryStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Signpost's plain Java API: register, deregister, find and order instances, and the health engine that
 * runs their checks. Everything the DNS server and the HTTP API do goes through here, and an application
 * can embed it directly.
 *
 * <p>Thread-safe. Writes return a stage that completes once the change is durable in the store; the
 * change is visible to readers (and listeners) as soon as the call returns.
 */
public final class ServiceDiscovery implements AutoCloseable {

  private final Registry registry;
  private final AclDirectory acl;
  private final NodeCatalog catalog;
  private final KeyValueStore kv;
  private final TimeSource time;
  private final HealthFilter healthFilter;
  private final InstanceStats stats;
  private final StrategyCatalog strategies;
  private final String defaultStrategy;
  private final int answerLimit;
  /** What a service without a policy of its own is answered with; made once, asked for every query. */
  private final ServicePolicy defaultPolicy;
  private volatile NameClaims nameClaims = NameClaims.NONE;
  private final HealthEngine health;
  private final CheckTargets checkTargets;
  /** What a service without a {@code Passive} policy of its own has: {@code --passive-health}'s, else off. */
  private final PassivePolicy defaultPassive;
  private final PassiveHealth passive;

  private ServiceDiscovery(Builder b) {
    checkTargets = b.checkTargets;
    time = b.time();
    healthFilter = b.serving;
    stats = new InstanceStats(time::nanoTime);
    RandomGenerator seeded = b.random;
    strategies = new StrategyCatalog(stats, seeded != null ? () -> seeded : ThreadLocalRandom::current);
    if (b.custom != null) {
      strategies.add(b.custom);
    }
    defaultStrategy = strategies.get(b.custom != null ? b.custom.name() : b.defaultStrategy).name();
    answerLimit = b.answerLimit;
    defaultPolicy = ServicePolicy.defaults(defaultStrategy, answerLimit);
    try {
      this.registry = new Registry(b.store, b.serving, time);
      this.acl = new AclDirectory(registry);
      this.catalog = new NodeCatalog(registry, this::admit);
      this.kv = new KeyValueStore(registry);
    } catch (RuntimeException e) {
      // The store may own threads and file locks: a failed start must not leave them behind.
      b.store.close();
      throw e;
    }
    HealthScheduler scheduler = b.scheduler != null ? b.scheduler : HealthScheduler.singleThread(time);
    this.health = new HealthEngine(registry, stats, scheduler,
        b.probe != null ? b.probe : Probe.network(b.probeLimits, b.checkTargets),
        seeded != null ? seeded : new java.util.SplittableRandom(), b.probeLimits, b.placement, b.relay,
        b.checkObserver);
    registry.addListener(health);
    defaultPassive = b.passiveOptions.enabledByDefault() ? PassivePolicy.DEFAULT : PassivePolicy.OFF;
    this.passive = new PassiveHealth(registry, registry::ofService, this::passivePolicy, b.serving, scheduler,
        b.placement, b.outcomeRelay, b.passiveOptions);
    registry.addListener(passive);
  }

  /**
   * Opens a registry over {@code store}, loading what it holds, with round-robin ordering, the default
   * serving policy and real health checks.
   *
   * @throws dev.signpost.core.storage.StoreException when the store cannot be read
   */
  public static ServiceDiscovery open(RegistryStore store) {
    return builder().store(store).build();
  }

  /** A registry that keeps nothing across restarts, with round-robin ordering. */
  public static ServiceDiscovery inMemory() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers or replaces (same id) an instance; completes with the stored value once it is durable. A
   * replacement keeps its checks' states (same check id), its maintenance, and, as Consul's agent does,
   * the checks it does not list (added with {@link #addCheck}, say).
   *
   * @throws IllegalArgumentException when one of its check ids belongs to another instance, or a check's
   *     target is an IP address the check target policy denies
   */
  public CompletionStage<Instance> register(Instance instance) {
    return register(instance, false);
  }

  /**
   * Like {@link #register(Instance)}; with {@code replaceExistingChecks} the instance ends up with exactly
   * the checks it lists (Consul's {@code ?replace-existing-checks}).
   */
  public CompletionStage<Instance> register(Instance instance, boolean replaceExistingChecks) {
    Objects.requireNonNull(instance, "instance");
    try {
      admit(instance);
    } catch (NameClaims.ClaimedNameException e) {
      return CompletableFuture.failedFuture(e);
    }
    return registry.register(instance, replaceExistingChecks);
  }

  /**
   * Refuses an instance whose check targets the check target policy denies ({@link IllegalArgumentException}),
   * and a new service whose name something else serves ({@link NameClaims.ClaimedNameException}).
   */
  private void admit(Instance instance) {
    instance.checks().forEach(this::requireAllowedTarget);
    String service = instance.service().value();
    Optional<String> claimant = nameClaims.claimant(service);
    if (claimant.isPresent() && find(service).isEmpty()) {
      throw new NameClaims.ClaimedNameException("service name '" + service + "' is taken: " + claimant.get()
          + " serves its names; choose another name");
    }
  }

  /**
   * Sets what else serves names under the registry's domain (the launcher's zone files). A new service
   * whose name one of them claims is refused; instances of services already registered still are
   * accepted, so a zone file added later never locks out a running service's updates.
   */
  public void nameClaims(NameClaims claims) {
    this.nameClaims = Objects.requireNonNull(claims, "claims");
  }

  /** Removes an instance and stops its checks; completes with the removed value once durable, or empty when the id is unknown. */
  public CompletionStage<Optional<Instance>> deregister(String instanceId) {
    return registry.deregister(instanceId);
  }

  /**
   * {@link #deregister}, only for an instance of this agent's own: an external node's is left alone, and the
   * answer is empty, as a Consul agent knows nothing of the catalog's other nodes.
   */
  public CompletionStage<Optional<Instance>> deregisterOwn(String instanceId) {
    return registry.deregisterIf(instanceId, i -> !i.isExternal());
  }

  public Optional<Instance> instance(String instanceId) {
    return registry.instance(instanceId);
  }

  /** The instance that has the check with this id. */
  public Optional<Instance> instanceByCheck(String checkId) {
    return registry.instanceByCheck(checkId);
  }

  /** Every instance, sorted by id. */
  public List<Instance> instances() {
    return registry.all();
  }

  /** Every instance of a service (name compared without case), sorted by id. */
  public List<Instance> find(String service) {
    return registry.ofService(service);
  }

  /** What DNS serves of a service under the health filter: its healthy instances, or the fail-open set. */
  public ServedInstances serving(String service) {
    return registry.serving(service);
  }

  /**
   * Adds a check to an instance, or replaces its check with the same id (whose state then starts over
   * unless the definition is unchanged). Completes once durable; empty when the instance is unknown.
   *
   * @throws IllegalArgumentException when another instance has a check with this id, or its target is an IP
   *     address the check target policy denies
   */
  public CompletionStage<Optional<Instance>> addCheck(String instanceId, CheckSpec check) {
    Objects.requireNonNull(check, "check");
    if (check.checkId().isEmpty()) {
      throw new IllegalArgumentException("CheckID is missing");
    }
    requireAllowedTarget(check);
    return registry.update(instanceId, i -> {
      List<CheckSpec> checks = new java.util.ArrayList<>(i.checks());
      int at = -1;
      for (int n = 0; n < checks.size(); n++) {
        if (checks.get(n).checkId().equals(check.checkId())) {
          at = n;
        }
      }
      if (at >= 0 && checks.get(at).equals(check)) {
        return i;
      }
      if (at >= 0) {
        checks.set(at, check);
      } else {
        checks.add(check);
      }
      // A redefined check starts from its initial state, as a new one does.
      return i.withHealth(i.health().withCheck(check.checkId(), CheckState.initial(check))).withChecks(checks);
    });
  }

  /**
   * Refuses a check to a literal IP its policy denies, naming the check; a host name is judged at each probe.
   * Checks loaded from the store are not refused: their probes are, and they go critical saying why.
   */
  private void requireAllowedTarget(CheckSpec check) {
    try {
      checkTargets.requireAllowedLiteral(check);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (check.checkId().isEmpty() ? "" : "check '" + check.checkId() + "': ") + e.getMessage(), e);
    }
  }

  /** Which addresses checks may reach ({@code --check-allow}, {@code --check-deny}, and the always-denied ones). */
  public CheckTargets checkTargets() {
    return checkTargets;
  }

  /** Removes a check from its instance; completes with the instance once durable, empty when no instance has it. */
  public CompletionStage<Optional<Instance>> removeCheck(String checkId) {
    Optional<Instance> owner = registry.instanceByCheck(checkId);
    if (owner.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return registry.update(owner.get().id(), i -> i.withChecks(
        i.checks().stream().filter(c -> !c.checkId().equals(checkId)).toList()));
  }

  /**
   * Records a TTL check's state and restarts its TTL ({@code pass}, {@code warn}, {@code fail},
   * {@code update}). Completes once durable; empty when no instance has the check.
   *
   * @throws IllegalArgumentException when the check is not a TTL check
   */
  public CompletionStage<Optional<Instance>> reportTtl(String checkId, HealthStatus status, String output) {
    return health.heartbeat(checkId, new CheckState(status, output));
  }

  /**
   * Another node of the cluster took a heartbeat for a TTL check that runs here ({@link HeartbeatRelay}):
   * restarts its TTL without writing anything (that node wrote the state). Ignored for a check that is
   * unknown, not a TTL check or not run here.
   */
  public void relayedHeartbeat(String checkId) {
    health.relayedHeartbeat(Objects.requireNonNull(checkId, "checkId"));
  }

  /**
   * Takes an instance out of DNS without deregistering it (Consul's maintenance mode), or puts it back.
   * Completes once durable; empty when the instance is unknown.
   *
   * @param reason shown in the health API; Consul's default text when empty
   */
  public CompletionStage<Optional<Instance>> maintenance(String instanceId, boolean enable, String reason) {
    Optional<String> state = enable
        ? Optional.of(reason == null || reason.isEmpty() ? InstanceHealth.DEFAULT_MAINTENANCE_REASON : reason)
        : Optional.empty();
    return registry.update(instanceId, i -> i.withHealth(i.health().withMaintenance(state)));
  }

  /**
   * One answer's instances, in order: the service's strategy orders the served instances for this client,
   * the SRV tiers ({@link Tiers}) put local passing instances first and warning ones last, and the
   * service's answer limit cuts the list. Called for every query; nothing is cached.
   */
  public List<Instance> arrange(String service, List<Instance> served, Client client) {
    return arrange(policy(service), served, client);
  }

  /** {@link #arrange(String, List, Client)} with the service's policy already at hand. */
  public List<Instance> arrange(ServicePolicy policy, List<Instance> served, Client client) {
    // A stored policy may name a strategy an embedder no longer registers: fall back, never fail a query.
    LoadBalancingStrategy strategy = strategies.getOrDefault(policy.strategy(), defaultStrategy);
    List<Instance> ordered = Tiers.arrange(strategy.order(served, client), client);
    int limit = answerLimit(policy);
    return limit > 0 && ordered.size() > limit ? List.copyOf(ordered.subList(0, limit)) : ordered;
  }

  /** The most instances an answer under {@code policy} holds: its own limit, else the global one; 0: none. */
  public int answerLimit(ServicePolicy policy) {
    return policy.answerLimit().orElse(answerLimit);
  }

  /** The DNS policy a service is answered with: its own if set, else the defaults. */
  public ServicePolicy policy(String service) {
    ServicePolicy own = registry.policyOrNull(service);
    return own != null ? own : defaultPolicy;
  }

  /** The policy set for a service, if one was. */
  public Optional<ServicePolicy> storedPolicy(String service) {
    return registry.policy(service);
  }

  /** Every policy set, by service key. */
  public SortedMap<String, ServicePolicy> policies() {
    return new TreeMap<>(registry.policies());
  }

  /**
   * Sets a service's DNS policy (the service need not be registered yet); kept in the store like a
   * registration. Completes once durable.
   *
   * @throws IllegalArgumentException for an invalid service name or an unknown strategy (the message lists
   *     the valid ones)
   */
  public CompletionStage<ServicePolicy> setPolicy(String service, ServicePolicy policy) {
    Objects.requireNonNull(policy, "policy");
    String key = ServiceName.of(service).key();
    strategies.get(policy.strategy());
    return registry.setPolicy(key, policy);
  }

  /** Removes a service's policy (the defaults apply again); completes with it once durable, or empty. */
  public CompletionStage<Optional<ServicePolicy>> removePolicy(String service) {
    return registry.removePolicy(service);
  }

  /** The names of the load-balancing strategies, sorted. */
  public SortedSet<String> strategyNames() {
    return strategies.names();
  }

  /** The strategy services use unless their policy names another. */
  public String defaultStrategy() {
    return defaultStrategy;
  }

  /**
   * Records the active connections an instance reports, for the least-connections strategy. Not journaled:
   * load is current or worthless.
   *
   * @return false when the instance is unknown
   * @throws IllegalArgumentException when {@code active} is negative
   */
  public boolean reportLoad(String instanceId, long active) {
    if (registry.instance(instanceId).isEmpty()) {
      return false;
    }
    stats.reportConnections(instanceId, active);
    return true;
  }

  /**
   * Records the outcomes a caller reports of its calls to an instance: with passive health on for its service
   * they drive the instance's circuit breaker (and so its passive check and DNS); on or off, the latencies of
   * successful calls feed the latency strategy. Not journaled itself; a change of the breaker's state is
   * written as a health result.
   *
   * @return empty when the instance is unknown
   * @throws dev.signpost.core.passive.BatchTooLargeException when the report holds more outcomes than
   *     {@code --passive-max-batch}
   */
  public Optional<PassiveReport> reportOutcomes(String instanceId, Outcomes outcomes) {
    Optional<PassiveReport> report = passive.report(instanceId, outcomes);
    if (report.isPresent() && outcomes instanceof Outcomes.Calls calls) {
      for (CallOutcome call : calls.calls()) {
        if (call.success()) {
          call.latency().ifPresent(took -> stats.recordProbe(instanceId, took, false));
        }
      }
    }
    return report;
  }

  /**
   * Outcomes another node of the cluster took for an instance whose breaker is kept here ({@link OutcomeRelay}):
   * applied as counts. Ignored for an instance that is unknown, without passive health or not kept here.
   */
  public void relayedOutcomes(String instanceId, long successes, long failures) {
    passive.relayed(Objects.requireNonNull(instanceId, "instanceId"), successes, failures);
  }

  /** The passive health in force for a service: its policy's {@code Passive}, else {@code --passive-health}'s. */
  public PassivePolicy passivePolicy(String service) {
    ServicePolicy own = registry.policyOrNull(service);
    return own != null && own.passive().isPresent() ? own.passive().get() : defaultPassive;
  }

  /** Passive health: the breakers kept here and their counts, for the meters. */
  public PassiveHealth passiveHealth() {
    return passive;
  }

  /** The live numbers (load, check latency) the strategies read. */
  public InstanceStats stats() {
    return stats;
  }

  /**
   * Runs {@code write}, calls of this object's write methods made on this thread, on behalf of {@code origin}:
   * the changes they make carry it to their events (the event history's "by"). Not journaled.
   */
  public <T> T as(ChangeOrigin origin, java.util.function.Supplier<T> write) {
    return registry.as(Objects.requireNonNull(origin, "origin"), write);
  }

  /** Which health states DNS serves ({@link Builder#healthFilter}). */
  public HealthFilter healthFilter() {
    return healthFilter;
  }

  /** The time the registry reads ({@link Builder#time}), for what stamps its contents, such as a token's creation. */
  public TimeSource time() {
    return time;
  }

  /** Service name (as registered by its lowest-id instance) → the union of its instances' tags, sorted. */
  public SortedMap<String, List<String>> services() {
    SortedMap<String, List<String>> out = new TreeMap<>();
    for (String key : registry.serviceKeys()) {
      List<Instance> members = registry.ofService(key);
      if (members.isEmpty()) {
        continue;
      }
      TreeSet<String> tags = new TreeSet<>();
      members.forEach(i -> tags.addAll(i.tags()));
      out.put(members.get(0).service().value(), List.copyOf(tags));
    }
    return out;
  }

  /** The registry index: bumped by every change; the SOA serial and {@code X-Consul-Index}. */
  public long index() {
    return registry.index();
  }

  /**
   * Completes with the index once it is above {@code afterIndex} (at once if it already is), and not
   * before. For long polls: the caller applies its own time limit by completing the future itself (with
   * {@link #index()}), which also lets the registry forget it.
   */
  public CompletableFuture<Long> awaitIndexAbove(long afterIndex) {
    return registry.awaitIndexAbove(afterIndex);
  }

  /** Follows every change: the listener gets the whole state now, then each event in order. */
  public void addListener(RegistryListener listener) {
    registry.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** The ACL tokens and policies, stored with the registry. */
  public AclDirectory acl() {
    return acl;
  }

  /** The external nodes registered in the catalog, their services and checks: reads and writes. */
  public NodeCatalog catalog() {
    return catalog;
  }

  /**
   * The external node with this name (case-insensitive), for the DNS node names; nodes change by
   * {@link RegistryEvent.NodeChanged} events.
   */
  public Optional<CatalogNode> node(String name) {
    return catalog.node(name);
  }

  /** Every external node, sorted by key. */
  public List<CatalogNode> nodes() {
    return catalog.nodes();
  }

  /** Consul's key/value store, stored with the registry. */
  public KeyValueStore kv() {
    return kv;
  }

  /** The registry's counts and the health engine's. */
  public RegistryMetrics metrics() {
    return registry.metrics().withChecks(health.checksRun(), health.checkFailures())
        .withProbeBounds(health.probesHeldBack(), health.probesTimedOut()).withProbesDenied(checkTargets.denied());
  }

  /** Stops the health checks, waits for pending writes to become durable and closes the store. */
  @Override
  public void close() {
    try {
      health.close();
    } finally {
      registry.close();
    }
  }

  /** Settings for {@link #build()}; everything has a default. */
  public static final class Builder {
    private RegistryStore store = new InMemoryStore();
    private String defaultStrategy = "round-robin";
    private LoadBalancingStrategy custom;
    private int answerLimit;
    private HealthFilter serving = HealthFilter.DEFAULT;
    private TimeSource time;
    private HealthScheduler scheduler;
    private Probe probe;
    private ProbeLimits probeLimits = ProbeLimits.DEFAULT;
    private CheckTargets checkTargets = CheckTargets.standard();
    private RandomGenerator random;
    private CheckPlacement placement = CheckPlacement.everything();
    private HeartbeatRelay relay = HeartbeatRelay.NONE;
    private CheckObserver checkObserver = CheckObserver.NONE;
    private PassiveOptions passiveOptions = PassiveOptions.DEFAULT;
    private OutcomeRelay outcomeRelay = OutcomeRelay.NONE;

    private Builder() {}

    public Builder store(RegistryStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The strategy services use unless their policy names another ({@code --lb}); round-robin by default. */
    public Builder defaultStrategy(String name) {
      this.defaultStrategy = Objects.requireNonNull(name, "name");
      return this;
    }

    /** An embedder's own strategy, available by its name and used by default. */
    public Builder strategy(LoadBalancingStrategy strategy) {
      this.custom = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** At most this many instances per answer unless a service's policy says otherwise; 0, the default, is no limit. */
    public Builder answerLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("answer limit must not be negative, got " + limit);
      }
      this.answerLimit = limit;
      return this;
    }

    /**
     * Where everything the registry measures reads the time: the health engine's deadlines and probe times,
     * the load-aware strategies' recent failures. The system's by default, or the health scheduler's when
     * one is given; a scheduler on another time is refused, since the engine would measure on one and wait on
     * the other.
     */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder healthFilter(HealthFilter serving) {
      this.serving = Objects.requireNonNull(serving, "serving");
      return this;
    }

    /**
     * The health engine's thread and clock; one daemon thread on {@link #time} by default. Closed with the
     * registry.
     */
    public Builder healthScheduler(HealthScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** How HTTP and TCP checks run; real network probes by default. Closed with the registry. */
    public Builder probe(Probe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /**
     * How many probes may be in flight, per target and in all ({@link ProbeLimits#DEFAULT}: 8 and 2,048);
     * the default network probe keeps its idle connections within them too.
     */
    public Builder probeLimits(ProbeLimits limits) {
      this.probeLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Which addresses checks may reach: a check to a literal IP it denies is refused at registration, and
     * the default network probe judges every address it resolves, redirects included. By default only the
     * always-denied ones ({@link CheckTargets#standard()}). Tell it the HTTP API's address once bound
     * ({@link CheckTargets#apiListensOn}).
     */
    public Builder checkTargets(CheckTargets targets) {
      this.checkTargets = Objects.requireNonNull(targets, "targets");
      return this;
    }

    /**
     * One source of randomness for everything (check jitter, random and weighted ordering), for tests
     * that want repeatable runs; by default each thread uses its own.
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Which instances' checks this node runs, in a cluster: {@link CheckPlacement#of} the membership.
     * Every check by default (a node that is not part of a cluster).
     */
    public Builder placement(CheckPlacement placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /**
     * Where TTL heartbeats for checks another node runs go ({@link ServiceDiscovery#relayedHeartbeat} on
     * that node); nowhere by default, since a single node runs every check.
     */
    public Builder heartbeatRelay(HeartbeatRelay relay) {
      this.relay = Objects.requireNonNull(relay, "relay");
      return this;
    }

    /** Who is told of every HTTP and TCP probe's result and duration (the launcher's meters); nobody by default. */
    public Builder checkObserver(CheckObserver observer) {
      this.checkObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Passive health's process-wide settings: whether services without a {@code Passive} policy have it on
     * ({@code --passive-health}), and the most outcomes one report may hold. Off, 1,000 by default.
     */
    public Builder passiveHealth(PassiveOptions options) {
      this.passiveOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Where outcomes reported for instances whose breakers another node keeps go ({@link
     * ServiceDiscovery#relayedOutcomes} on that node); nowhere by default, since a single node keeps every one.
     */
    public Builder outcomeRelay(OutcomeRelay relay) {
      this.outcomeRelay = Objects.requireNonNull(relay, "relay");
      return this;
    }

    /**
     * Opens the registry over the store, loading what it holds, and starts the health engine.
     *
     * @throws dev.signpost.core.storage.StoreException when the store cannot be read
     * @throws IllegalArgumentException when the default strategy is unknown, or the health scheduler's time
     *     is not {@link #time}
     */
    public ServiceDiscovery build() {
      return new ServiceDiscovery(this);
    }

    /** The one time of the registry: {@link #time}, else the scheduler's, else the system's. */
    private TimeSource time() {
      if (scheduler == null) {
        return time != null ? time : TimeSource.system();
      }
      if (time != null && time != scheduler.time()) {
        throw new IllegalArgumentException("the health scheduler runs on another time than time(...) gives;"
            + " give it the same one");
      }
      return scheduler.time();
    }
  }
}
