package dev.signpost.zones;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import dev.signpost.core.ServedInstances;
import dev.signpost.core.ServicePolicy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One service as the zone sees it: every registered instance (sorted by id, whatever its health), the
 * tags they carry, their DNS-SD labels, and what DNS serves of it (decided by
 * core's health filter). Immutable; a change builds a new entry.
 *
 * @param servedIps the IP address of each served instance, as {@link Addresses#ipBytes} reads it (null for a
 *     host name), in the order of {@code serving.instances()}: read once here rather than for every answer;
 *     empty for a service with more served instances than {@link #servedIp} looks through
 * @param servedTargets the first label of each served instance's SRV target ({@link NamingScheme#targetLabel}),
 *     null for a host name, in the same order; empty when {@code servedIps} is
 */
record ServiceEntry(List<Instance> instances, ServedInstances serving, Set<String> tags,
    InstanceLabels labels, byte[][] servedIps, byte[][] servedTargets) {

  /** Up to this many served instances, {@link #servedIp} finds one by comparing references. */
  private static final int IDENTITY_SCAN = 32;

  ServiceEntry {
    instances = List.copyOf(instances);
    tags = Set.copyOf(tags);
  }

  static ServiceEntry of(List<Instance> instances, ServedInstances serving) {
    List<Instance> sorted = new ArrayList<>(instances);
    sorted.sort(Comparator.comparing(Instance::id));
    return ofSorted(sorted, serving, null);
  }

  /** {@link #of} for instances already sorted by id, with their labels when known (else null). */
  private static ServiceEntry ofSorted(List<Instance> sorted, ServedInstances serving, InstanceLabels labels) {
    // Every instance served, the usual case: the served list is this very list, so it is kept once.
    List<Instance> all = same(serving.instances(), sorted) ? serving.instances() : List.copyOf(sorted);
    Set<String> tags = new TreeSet<>();
    for (Instance i : all) {
      if (i.tags().isEmpty()) {
        continue; // the usual instance; and no iterator for it (a million at start-up)
      }
      for (String t : i.tags()) {
        tags.add(t.toLowerCase(Locale.ROOT));
      }
    }
    List<Instance> served = serving.instances();
    byte[][] servedIps = new byte[served.size() <= IDENTITY_SCAN ? served.size() : 0][];
    byte[][] servedTargets = new byte[servedIps.length][];
    for (int k = 0; k < servedIps.length; k++) {
      servedIps[k] = Addresses.ipBytes(served.get(k).address());
      servedTargets[k] = servedIps[k] == null ? null : NamingScheme.targetLabel(servedIps[k], served.get(k).port());
    }
    return new ServiceEntry(all, serving, tags, labels != null ? labels : InstanceLabels.of(all), servedIps,
        servedTargets);
  }

  /** Whether both lists hold the very same instances in the same order. */
  private static boolean same(List<Instance> a, List<Instance> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (a.get(k) != b.get(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * This entry with {@code instance} added or replacing the one with its id; never null. A replacement
   * (a health change, a re-registration) keeps the labels, which depend on the ids alone, and nothing is
   * sorted again: with thousands of instances in one service, each change would otherwise cost
   * milliseconds under the registry's lock.
   */
  ServiceEntry with(Instance instance, ServedInstances now) {
    int at = Instance.indexById(instances, instance.id());
    Instance[] next;
    if (at >= 0) {
      next = instances.toArray(new Instance[0]);
      next[at] = instance;
      return ofSorted(Arrays.asList(next), now, labels);
    }
    int insert = -at - 1;
    next = new Instance[instances.size() + 1];
    for (int k = 0; k < instances.size(); k++) {
      next[k < insert ? k : k + 1] = instances.get(k);
    }
    next[insert] = instance;
    List<Instance> sorted = Arrays.asList(next);
    return ofSorted(sorted, now, labels.withAdded(instance, sorted));
  }

  /** This entry without the instance {@code id}; null when no instance is left. */
  ServiceEntry without(String id, ServedInstances now) {
    int at = Instance.indexById(instances, id);
    if (at < 0) {
      return ofSorted(instances, now, labels);
    }
    if (instances.size() == 1) {
      return null;
    }
    List<Instance> next = new ArrayList<>(instances);
    next.remove(at);
    return ofSorted(next, now, null);
  }

  /** Whether an instance other than {@code except} has this IP address ({@code text} as it was registered). */
  boolean hasAddress(InetAddress ip, String text, String except) {
    byte[] bytes = null;
    for (Instance i : instances) {
      if (i.id().equals(except)) {
        continue;
      }
      if (i.address().equals(text)) {
        return true;
      }
      if (bytes == null) {
        bytes = ip.getAddress();
      }
      byte[] other = Addresses.ipBytes(i.address());
      if (other != null && Arrays.equals(other, bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The TTL of this service's records: its policy's, else the zone's; brief while it fails open. */
  long ttl(ServicePolicy policy, long zoneTtl) {
    return ttl(policy.ttl(), zoneTtl);
  }

  /** {@link #ttl(ServicePolicy, long)} from the policy's TTL alone. */
  long ttl(OptionalLong policyTtl, long zoneTtl) {
    long ttl = policyTtl.orElse(zoneTtl);
    return serving.failingOpen() ? Math.min(ttl, ZoneSnapshot.BRIEF_TTL) : ttl;
  }

  /** Whether some instance, in any state, carries every tag: the name then exists. */
  boolean hasInstanceWith(List<String> wanted) {
    if (wanted.isEmpty()) {
      return true;
    }
    if (!tags.containsAll(wanted)) {
      return false;
    }
    return instances.stream().anyMatch(i -> carriesAll(i, wanted));
  }

  /** The served instances carrying every tag, in id order. */
  List<Instance> servedWith(List<String> wanted) {
    if (wanted.isEmpty()) {
      return serving.instances();
    }
    return serving.instances().stream().filter(i -> carriesAll(i, wanted)).toList();
  }

  /** The instance whose DNS-SD label has this {@link InstanceLabels#key key}, whatever its health. */
  Optional<Instance> instanceLabelled(String labelKey) {
    String id = labels.id(labelKey);
    return id == null ? Optional.empty() : instances.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  /**
   * Where a served instance of this entry is in {@link #servedIps} and {@link #servedTargets}, found by identity
   * among a few instances; -1 when those are not kept for it (a service with many served instances).
   */
  int servedIndex(Instance instance) {
    List<Instance> served = serving.instances();
    for (int k = 0; k < servedIps.length; k++) {
      if (served.get(k) == instance) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The IP of a served instance, from {@link #servedIps} at {@code at} ({@link #servedIndex}), or read from its
   * address when {@code at} is -1; null for a host name.
   */
  byte[] servedIp(Instance instance, int at) {
    return at >= 0 ? servedIps[at] : Addresses.ipBytes(instance.address());
  }

  /**
   * The first label of a served instance's SRV target in wire form ({@link NamingScheme#targetLabel}), from
   * {@link #servedTargets} at {@code at}, or built from {@code ip} when {@code at} is -1; null for a host name.
   */
  byte[] servedTarget(Instance instance, int at, byte[] ip) {
    if (at >= 0) {
      return servedTargets[at];
    }
    return ip == null ? null : NamingScheme.targetLabel(ip, instance.port());
  }

  /** The instance with this id when DNS serves it now (healthy, or kept while the service fails open). */
  Optional<Instance> served(String id) {
    return serving.instances().stream().filter(i -> i.id().equals(id)).findFirst();
  }

  private static boolean carriesAll(Instance instance, List<String> wanted) {
    for (String tag : wanted) {
      if (!instance.hasTag(tag)) {
        return false;
      }
    }
    return true;
  }
}
