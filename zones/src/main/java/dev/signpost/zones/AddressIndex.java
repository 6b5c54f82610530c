package dev.signpost.zones;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IP address → the services with an instance at that address (any health), for reverse lookups.
 * Immutable and sharded like {@link ZoneSnapshot}'s services: a change copies only the shards of the
 * addresses it moves.
 */
final class AddressIndex {

  private static final int SHARDS = 64;

  static final AddressIndex EMPTY = empty();

  /** Each address's service keys, sorted; an address without services has no entry. */
  private final Map<InetAddress, List<String>>[] shards;

  private AddressIndex(Map<InetAddress, List<String>>[] shards) {
    this.shards = shards;
  }

  @SuppressWarnings("unchecked")
  private static AddressIndex empty() {
    Map<InetAddress, List<String>>[] shards = new Map[SHARDS];
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = Map.of();
    }
    return new AddressIndex(shards);
  }

  /** The keys of the services with an instance at this address, sorted; empty when none. */
  List<String> services(InetAddress address) {
    return shards[shard(address)].getOrDefault(address, List.of());
  }

  /** This index after {@code service}'s addresses went from {@code before} to {@code after}. */
  AddressIndex moved(String service, Set<InetAddress> before, Set<InetAddress> after) {
    if (before.equals(after)) {
      return this;
    }
    Map<Integer, Map<InetAddress, List<String>>> touched = new HashMap<>();
    for (InetAddress gone : before) {
      if (!after.contains(gone)) {
        change(touched, gone, service, false);
      }
    }
    for (InetAddress come : after) {
      if (!before.contains(come)) {
        change(touched, come, service, true);
      }
    }
    Map<InetAddress, List<String>>[] next = shards.clone();
    touched.forEach((s, map) -> next[s] = Map.copyOf(map));
    return new AddressIndex(next);
  }

  private void change(Map<Integer, Map<InetAddress, List<String>>> touched, InetAddress address,
      String service, boolean add) {
    Map<InetAddress, List<String>> shard = touched.computeIfAbsent(shard(address), s -> new HashMap<>(shards[s]));
    List<String> services = new ArrayList<>(shard.getOrDefault(address, List.of()));
    int at = Collections.binarySearch(services, service);
    if (add && at < 0) {
      services.add(-at - 1, service);
    } else if (!add && at >= 0) {
      services.remove(at);
    }
    if (services.isEmpty()) {
      shard.remove(address);
    } else {
      shard.put(address, List.copyOf(services));
    }
  }

  private static int shard(InetAddress address) {
    return Math.floorMod(address.hashCode(), SHARDS);
  }

}
