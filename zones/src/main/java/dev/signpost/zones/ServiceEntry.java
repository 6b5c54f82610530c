package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.ServiceServing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One service as the zone sees it: every registered instance (sorted by id, whatever its health), the
 * tags they carry, and what DNS serves of it (decided by core's serving policy). Immutable; a change
 * builds a new entry.
 */
record ServiceEntry(List<Instance> instances, ServiceServing serving, Set<String> tags) {

  ServiceEntry {
    instances = List.copyOf(instances);
    tags = Set.copyOf(tags);
  }

  static ServiceEntry of(List<Instance> instances, ServiceServing serving) {
    List<Instance> sorted = new ArrayList<>(instances);
    sorted.sort(Comparator.comparing(Instance::id));
    Set<String> tags = new TreeSet<>();
    for (Instance i : sorted) {
      i.tags().forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
    }
    return new ServiceEntry(sorted, serving, tags);
  }

  /** This entry with {@code instance} added or replacing the one with its id; never null. */
  ServiceEntry with(Instance instance, ServiceServing now) {
    List<Instance> next = new ArrayList<>(instances.size() + 1);
    for (Instance i : instances) {
      if (!i.id().equals(instance.id())) {
        next.add(i);
      }
    }
    next.add(instance);
    return of(next, now);
  }

  /** This entry without the instance {@code id}; null when no instance is left. */
  ServiceEntry without(String id, ServiceServing now) {
    List<Instance> next = new ArrayList<>(instances.size());
    for (Instance i : instances) {
      if (!i.id().equals(id)) {
        next.add(i);
      }
    }
    return next.isEmpty() ? null : of(next, now);
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

  private static boolean carriesAll(Instance instance, List<String> wanted) {
    for (String tag : wanted) {
      if (!instance.hasTag(tag)) {
        return false;
      }
    }
    return true;
  }
}
