package dev.signpost.core;

import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.LoadBalancingStrategy;
import dev.signpost.core.lb.RoundRobinStrategy;
import dev.signpost.core.storage.InMemoryStore;
import dev.signpost.core.storage.RegistryStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signpost's plain Java API: register, deregister, find and order instances. Everything the DNS server
 * and the HTTP API do goes through here, and an application can embed it directly.
 *
 * <p>Thread-safe. Writes return a stage that completes once the change is durable in the store; the
 * change is visible to readers (and listeners) as soon as the call returns.
 */
public final class ServiceDiscovery implements AutoCloseable {

  private final Registry registry;
  private final LoadBalancingStrategy strategy;

  private ServiceDiscovery(RegistryStore store, LoadBalancingStrategy strategy) {
    try {
      this.registry = new Registry(store);
    } catch (RuntimeException e) {
      // The store may own threads and file locks: a failed start must not leave them behind.
      store.close();
      throw e;
    }
    this.strategy = strategy;
  }

  /**
   * Opens a registry over {@code store}, loading what it holds.
   *
   * @throws dev.signpost.core.storage.StoreException when the store cannot be read
   */
  public static ServiceDiscovery open(RegistryStore store, LoadBalancingStrategy strategy) {
    return new ServiceDiscovery(Objects.requireNonNull(store, "store"), Objects.requireNonNull(strategy, "strategy"));
  }

  /** A registry that keeps nothing across restarts, with round-robin ordering. */
  public static ServiceDiscovery inMemory() {
    return open(new InMemoryStore(), new RoundRobinStrategy());
  }

  /** Registers or replaces (same id) an instance; completes with the stored value once it is durable. */
  public CompletionStage<Instance> register(Instance instance) {
    return registry.register(Objects.requireNonNull(instance, "instance"));
  }

  /** Removes an instance; completes with the removed value once durable, or empty when the id is unknown. */
  public CompletionStage<Optional<Instance>> deregister(String instanceId) {
    return registry.deregister(instanceId);
  }

  public Optional<Instance> instance(String instanceId) {
    return registry.instance(instanceId);
  }

  /** Every instance, sorted by id. */
  public List<Instance> instances() {
    return registry.all();
  }

  /** Every instance of a service (name compared without case), sorted by id. */
  public List<Instance> find(String service) {
    return registry.ofService(service);
  }

  /** The instances of a service that DNS may serve (passing or warning), sorted by id. */
  public List<Instance> healthy(String service) {
    return registry.ofService(service).stream().filter(i -> i.status().isServable()).toList();
  }

  /** Servable instances of a service in the order the load-balancing strategy picks for this client. */
  public List<Instance> order(List<Instance> healthy, Client client) {
    return strategy.order(healthy, client);
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

  public RegistryMetrics metrics() {
    return registry.metrics();
  }

  public LoadBalancingStrategy strategy() {
    return strategy;
  }

  /** Waits for pending writes to become durable and closes the store. */
  @Override
  public void close() {
    registry.close();
  }
}
