package dev.signpost.core;

import dev.signpost.balance.Endpoint;
import dev.signpost.balance.Tiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One registered instance of a service, as the registry holds it. Instances are immutable; every change
 * is a new value with a new {@code modifyIndex}.
 *
 * @param id unique among all instances (Consul's service {@code ID})
 * @param address an IPv4 or IPv6 literal or a host name, never empty
 * @param checks the check definitions, each with its id (a check registered without one gets
 *     {@code service:<id>}, or {@code service:<id>:<n>} when there are several)
 * @param health the last state of each check, and maintenance; {@link #status()} derives from it
 * @param createIndex the registry index at which this id was first registered (0 before registration)
 * @param modifyIndex the registry index of this value's last change (0 before registration)
 * @param node the {@linkplain CatalogNode#key key} of the external node it was registered on through the
 *     catalog ({@code PUT /v1/catalog/register}); empty for this agent's own instances
 *
 * <p>An {@link Endpoint}, so the shared load-balancing strategies order the registry's instances directly.
 */
public record Instance(
    String id,
    ServiceName service,
    String address,
    int port,
    List<String> tags,
    Map<String, String> meta,
    Weights weights,
    Locality locality,
    List<CheckSpec> checks,
    InstanceHealth health,
    long createIndex,
    long modifyIndex,
    String node) implements Endpoint {

  static final int MAX_ID_LENGTH = 255;
  static final int MAX_META_PAIRS = 64;
  static final int MAX_META_KEY_LENGTH = 128;
  static final int MAX_META_VALUE_LENGTH = 512;
  private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  public Instance {
    Objects.requireNonNull(service, "service");
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("ID is missing");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("ID is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (id.indexOf('/') >= 0 || hasControl(id)) {
      throw new IllegalArgumentException("ID '" + id + "' must not contain '/' or control characters");
    }
    Unicode.requireWellFormed("ID", id);
    Addresses.requireValid("Address", address);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Port must be between 0 and 65535, got " + port);
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    for (int t = 0; t < tags.size(); t++) {
      if (!Unicode.isWellFormed(tags.get(t))) {
        Unicode.requireWellFormed("Tags[" + t + "]", tags.get(t));
      }
    }
    meta = validMeta("Meta", meta);
    weights = Objects.requireNonNullElse(weights, Weights.DEFAULT);
    locality = Objects.requireNonNullElse(locality, Locality.NONE);
    checks = withIds(checks == null ? List.of() : checks, id);
    health = healthOf(checks, Objects.requireNonNullElse(health, InstanceHealth.NONE), id);
    node = Objects.requireNonNullElse(node, "");
    if (!node.equals(CatalogNode.key(node))) {
      throw new IllegalArgumentException("an instance names its node by key (lower case), got '" + node + "'");
    }
  }

  /** An instance of this agent's own (no external node). */
  public Instance(String id, ServiceName service, String address, int port, List<String> tags,
      Map<String, String> meta, Weights weights, Locality locality, List<CheckSpec> checks, InstanceHealth health,
      long createIndex, long modifyIndex) {
    this(id, service, address, port, tags, meta, weights, locality, checks, health, createIndex, modifyIndex, "");
  }

  // A loop, not id.chars().anyMatch(...): a stream per instance shows at start-up with a million of them.
  private static boolean hasControl(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** Fills in missing check ids and refuses two checks with one id. */
  private static List<CheckSpec> withIds(List<CheckSpec> checks, String id) {
    if (checks.isEmpty()) {
      return List.of();
    }
    List<CheckSpec> named = new ArrayList<>(checks.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < checks.size(); i++) {
      CheckSpec c = Objects.requireNonNull(checks.get(i), "check");
      if (c.checkId().isEmpty()) {
        c = c.withCheckId(checks.size() == 1 ? "service:" + id : "service:" + id + ":" + (i + 1));
      }
      if (!seen.add(c.checkId())) {
        throw new IllegalArgumentException("CheckID '" + c.checkId() + "' is used by two checks of service '" + id + "'");
      }
      named.add(c);
    }
    return List.copyOf(named);
  }

  /**
   * One state per check, in the checks' order: the state given for its id, else the check's initial one; then
   * the passive check's state ({@link PassiveCheck}) when given, which has no definition.
   */
  private static InstanceHealth healthOf(List<CheckSpec> checks, InstanceHealth given, String id) {
    if (checks.isEmpty() && given.checks().isEmpty()) {
      return given; // the usual instance: no map to build (a million of them are read at start-up)
    }
    Map<String, CheckState> states = new LinkedHashMap<>();
    for (CheckSpec c : checks) {
      CheckState s = given.checks().get(c.checkId());
      states.put(c.checkId(), s == null ? CheckState.initial(c) : s);
    }
    String passive = PassiveCheck.id(id);
    CheckState passiveState = given.checks().get(passive);
    if (passiveState != null) {
      states.put(passive, passiveState);
    }
    return states.equals(given.checks()) ? given : new InstanceHealth(states, given.maintenance());
  }

  /** {@code meta} checked as Consul checks service and node meta; {@code field} names it in messages. */
  static Map<String, String> validMeta(String field, Map<String, String> meta) {
    if (meta == null || meta.isEmpty()) {
      return Map.of();
    }
    if (meta.size() > MAX_META_PAIRS) {
      throw new IllegalArgumentException(field + " has " + meta.size() + " pairs; at most " + MAX_META_PAIRS);
    }
    for (Map.Entry<String, String> e : meta.entrySet()) {
      String key = e.getKey();
      if (key == null || !META_KEY.matcher(key).matches() || key.length() > MAX_META_KEY_LENGTH) {
        throw new IllegalArgumentException(field + " key '" + key + "' must be 1 to " + MAX_META_KEY_LENGTH
            + " letters, digits, '_' or '-'");
      }
      if (key.toLowerCase(Locale.ROOT).startsWith("consul-")) {
        throw new IllegalArgumentException(field + " key '" + key + "' uses the reserved prefix 'consul-'");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(field + " value for '" + key + "' is null; use a string");
      }
      if (e.getValue().length() > MAX_META_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            field + " value for '" + key + "' is longer than " + MAX_META_VALUE_LENGTH + " characters");
      }
      Unicode.requireWellFormed(field + " value for '" + key + "'", e.getValue());
    }
    // Keep the caller's order (stable API output), but never share the caller's mutable map.
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /**
   * Where the instance {@code id} is in a list sorted by id (as the registry keeps a service's), or
   * {@code -(insertion point) - 1}, as {@link java.util.Collections#binarySearch} returns.
   */
  public static int indexById(List<Instance> sortedById, String id) {
    int low = 0;
    int high = sortedById.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = sortedById.get(mid).id().compareTo(id);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /** A new, unregistered instance with default weights, no locality, no checks, passing. */
  public static Instance of(String id, String service, String address, int port, List<String> tags) {
    return new Instance(id, ServiceName.of(service), address, port, tags, Map.of(), Weights.DEFAULT,
        Locality.NONE, List.of(), InstanceHealth.NONE, 0, 0);
  }

  /** Maintenance if enabled, otherwise the worst of the checks' states; passing without checks. */
  public HealthStatus status() {
    return health.status();
  }

  /** The check with this id, if the instance has it. */
  public Optional<CheckSpec> check(String checkId) {
    for (CheckSpec c : checks) {
      if (c.checkId().equals(checkId)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The state of one of this instance's checks. */
  public Optional<CheckState> checkState(String checkId) {
    return Optional.ofNullable(health.checks().get(checkId));
  }

  /** Whether the instance carries {@code tag}, compared without regard to case as DNS does. */
  public boolean hasTag(String tag) {
    for (String t : tags) {
      if (t.equalsIgnoreCase(tag)) {
        return true;
      }
    }
    return false;
  }

  /** The weight an SRV record for this instance carries in its current state. */
  @Override
  public int currentWeight() {
    return weights.forStatus(status());
  }

  /** The service's case-folded name: the key the rotating strategies count this service's turns by. */
  @Override
  public String serviceKey() {
    return service.key();
  }

  /** {@code Locality.Zone} when set, else the {@code zone} meta value, else {@code ""} ({@link Tiers#zoneOf}). */
  @Override
  public String zone() {
    return Tiers.zoneOf(locality.zone(), meta);
  }

  @Override
  public boolean passing() {
    return status() == HealthStatus.PASSING;
  }

  /** Whether it runs on an external node registered through the catalog, not on this agent. */
  public boolean isExternal() {
    return !node.isEmpty();
  }

  public Instance withIndexes(long create, long modify) {
    return new Instance(id, service, address, port, tags, meta, weights, locality, checks, health, create, modify,
        node);
  }

  public Instance withHealth(InstanceHealth newHealth) {
    return new Instance(id, service, address, port, tags, meta, weights, locality, checks, newHealth,
        createIndex, modifyIndex, node);
  }

  /** This instance at another address: an external node's service that follows its node's address. */
  public Instance withAddress(String newAddress) {
    return new Instance(id, service, newAddress, port, tags, meta, weights, locality, checks, health,
        createIndex, modifyIndex, node);
  }

  public Instance withCheckState(String checkId, CheckState state) {
    return withHealth(health.withCheck(checkId, state));
  }

  /** This instance without a state for {@code checkId}: how the passive check goes when passive health does. */
  public Instance withoutCheckState(String checkId) {
    return health.checks().containsKey(checkId) ? withHealth(health.withoutCheck(checkId)) : this;
  }

  /** This instance with another set of checks; the states of checks it keeps (same id) are kept. */
  public Instance withChecks(List<CheckSpec> newChecks) {
    return new Instance(id, service, address, port, tags, meta, weights, locality, newChecks, health,
        createIndex, modifyIndex, node);
  }
}
