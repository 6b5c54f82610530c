package dev.signpost.zones;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IP address → the services with an instance at that address (any health), for reverse lookups.
 * Immutable and sharded like {@link ZoneSnapshot}'s services: a change copies only the shards of the
 * addresses it moves.
 *
 * <p>Sized for a million addresses: a shard keeps its IPv4 addresses as a sorted {@code int[]} with the
 * services beside them (8 bytes an address, where a map of {@link InetAddress} costs about 90), and an
 * address with one service (nearly all) holds that service's key itself, not a list of one. IPv6
 * addresses, rarer, are in a map.
 */
final class AddressIndex {

  private static final int SHARD_BITS = Integer.numberOfTrailingZeros(ZoneSnapshot.SHARDS);

  static final AddressIndex EMPTY = empty();

  private final Shard[] shards;

  private AddressIndex(Shard[] shards) {
    this.shards = shards;
  }

  private static AddressIndex empty() {
    Shard[] shards = new Shard[1 << SHARD_BITS];
    Arrays.fill(shards, Shard.EMPTY);
    return new AddressIndex(shards);
  }

  /** The index of these services' addresses (key → entry), each shard made once. */
  static AddressIndex of(List<Map.Entry<String, ServiceEntry>> services) {
    int count = 1 << SHARD_BITS;
    // Every (IPv4 address, service) pair as one long: the address (signed) above the service's ordinal,
    // so sorting the longs sorts by address and a shard is built without a map or a boxed key.
    String[] keys = new String[services.size()];
    long[][] pairs = new long[count][];
    int[] sizes = new int[count];
    @SuppressWarnings("unchecked")
    Map<InetAddress, Object>[] v6 = new Map[count];
    int ordinal = 0;
    for (Map.Entry<String, ServiceEntry> e : services) {
      keys[ordinal] = e.getKey();
      for (Instance i : e.getValue().instances()) {
        byte[] ip = Addresses.ipBytes(i.address());
        if (ip == null) {
          continue;
        }
        if (ip.length == 4) {
          int v4 = ipv4(ip);
          int s = shard(v4);
          if (pairs[s] == null || sizes[s] == pairs[s].length) {
            pairs[s] = pairs[s] == null ? new long[16] : Arrays.copyOf(pairs[s], sizes[s] * 2);
          }
          pairs[s][sizes[s]++] = ((long) v4 << 32) | ordinal;
        } else {
          InetAddress address = inet(ip);
          int s = shard(address.hashCode());
          if (v6[s] == null) {
            v6[s] = new HashMap<>();
          }
          v6[s].merge(address, e.getKey(), AddressIndex::joined);
        }
      }
      ordinal++;
    }
    Shard[] shards = new Shard[count];
    for (int s = 0; s < count; s++) {
      Map<InetAddress, Object> six = Map.of();
      if (v6[s] != null) {
        v6[s].replaceAll((address, k) -> k instanceof String ? k : sortedCopy(k));
        six = Map.copyOf(v6[s]);
      }
      shards[s] = pairs[s] == null && six.isEmpty() ? Shard.EMPTY
          : Shard.of(pairs[s] == null ? new long[0] : pairs[s], sizes[s], keys, six);
      pairs[s] = null;
    }
    return new AddressIndex(shards);
  }

  /** The keys of the services with an instance at this address, sorted; empty when none. */
  List<String> services(InetAddress address) {
    return services(shardOf(address).get(address));
  }

  /** This index after {@code service}'s addresses went from {@code before} to {@code after}. */
  AddressIndex moved(String service, Set<InetAddress> before, Set<InetAddress> after) {
    if (before.equals(after)) {
      return this;
    }
    Map<Integer, Shard> touched = new HashMap<>();
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
    Shard[] next = shards.clone();
    touched.forEach((s, shard) -> next[s] = shard);
    return new AddressIndex(next);
  }

  private void change(Map<Integer, Shard> touched, InetAddress address, String service, boolean add) {
    int s = shardIndex(address);
    Shard shard = touched.getOrDefault(s, shards[s]);
    List<String> services = new ArrayList<>(services(shard.get(address)));
    int at = Collections.binarySearch(services, service);
    if (add && at < 0) {
      services.add(-at - 1, service);
    } else if (!add && at >= 0) {
      services.remove(at);
    }
    Object value = services.isEmpty() ? null : services.size() == 1 ? services.get(0) : List.copyOf(services);
    touched.put(s, shard.with(address, value));
  }

  private Shard shardOf(InetAddress address) {
    return shards[shardIndex(address)];
  }

  private static int shardIndex(InetAddress address) {
    return address instanceof Inet4Address ? shard(ipv4(address.getAddress())) : shard(address.hashCode());
  }

  /**
   * The top bits of a multiplicative hash: addresses next to each other land in different shards, and the
   * addresses of one shard do not all share their low bits (which would crowd a hash map's buckets).
   */
  private static int shard(int hash) {
    return (hash * 0x9E3779B9) >>> (Integer.SIZE - SHARD_BITS);
  }

  /**
   * An IPv4 address as an int. A shard's addresses are in the ints' signed order (128.0.0.0 and above
   * first), as {@link Arrays#sort} and {@link Arrays#binarySearch} use it and as the longs of {@link #of}
   * sort with the int on top: one order everywhere, not the addresses' own.
   */
  private static int ipv4(byte[] ip) {
    return ((ip[0] & 0xff) << 24) | ((ip[1] & 0xff) << 16) | ((ip[2] & 0xff) << 8) | (ip[3] & 0xff);
  }

  private static InetAddress inet(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> services(Object keys) {
    return keys == null ? List.of() : keys instanceof String key ? List.of(key) : (List<String>) keys;
  }

  /** Merges another service key into an IPv6 address's entry while building; sorted later, once. */
  @SuppressWarnings("unchecked")
  private static Object joined(Object keys, Object key) {
    if (keys.equals(key)) {
      return keys; // two instances of one service at one address
    }
    List<String> list;
    if (keys instanceof String first) {
      list = new ArrayList<>(2);
      list.add(first);
    } else {
      list = (List<String>) keys;
      if (list.contains(key)) {
        return list;
      }
    }
    list.add((String) key);
    return list;
  }

  @SuppressWarnings("unchecked")
  private static List<String> sortedCopy(Object keys) {
    List<String> list = (List<String>) keys;
    list.sort(null);
    return List.copyOf(list);
  }

  /**
   * One shard: its IPv4 addresses ({@link #ipv4}) in order with each one's services at the same position (a
   * {@code String} key, or a sorted {@code List<String>} of two or more), and its IPv6 addresses.
   */
  private record Shard(int[] v4, Object[] v4Services, Map<InetAddress, Object> v6) {

    static final Shard EMPTY = new Shard(new int[0], new Object[0], Map.of());

    /** From {@code size} (address, service ordinal) pairs, in any order and possibly repeated. */
    static Shard of(long[] pairs, int size, String[] keys, Map<InetAddress, Object> v6) {
      Arrays.sort(pairs, 0, size);
      int[] addresses = new int[size];
      Object[] services = new Object[size];
      int n = 0;
      for (int k = 0; k < size; ) {
        int address = (int) (pairs[k] >>> 32);
        int end = k + 1;
        while (end < size && (int) (pairs[end] >>> 32) == address) {
          end++;
        }
        addresses[n] = address;
        services[n++] = end - k == 1 || pairs[end - 1] == pairs[k] ? keys[(int) pairs[k]] : keysOf(pairs, k, end, keys);
        k = end;
      }
      return new Shard(Arrays.copyOf(addresses, n), Arrays.copyOf(services, n), v6);
    }

    /** The distinct services of the pairs {@code from} to {@code to} (one address, sorted by ordinal), sorted. */
    private static List<String> keysOf(long[] pairs, int from, int to, String[] keys) {
      List<String> here = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        if (k == from || pairs[k] != pairs[k - 1]) {
          here.add(keys[(int) pairs[k]]);
        }
      }
      here.sort(null);
      return List.copyOf(here);
    }

    Object get(InetAddress address) {
      if (address instanceof Inet4Address) {
        int at = find(ipv4(address.getAddress()));
        return at >= 0 ? v4Services[at] : null;
      }
      return v6.get(address);
    }

    /** This shard with the address's services replaced by {@code services} (removed when null). */
    Shard with(InetAddress address, Object services) {
      if (!(address instanceof Inet4Address)) {
        Map<InetAddress, Object> next = new HashMap<>(v6);
        if (services == null) {
          next.remove(address);
        } else {
          next.put(address, services);
        }
        return new Shard(v4, v4Services, Map.copyOf(next));
      }
      int ip = ipv4(address.getAddress());
      int at = find(ip);
      if (at >= 0 && services != null) {
        Object[] values = v4Services.clone();
        values[at] = services;
        return new Shard(v4, values, v6);
      }
      if (at >= 0) {
        int[] addresses = new int[v4.length - 1];
        Object[] values = new Object[v4.length - 1];
        System.arraycopy(v4, 0, addresses, 0, at);
        System.arraycopy(v4, at + 1, addresses, at, v4.length - at - 1);
        System.arraycopy(v4Services, 0, values, 0, at);
        System.arraycopy(v4Services, at + 1, values, at, v4.length - at - 1);
        return new Shard(addresses, values, v6);
      }
      if (services == null) {
        return this;
      }
      int insert = -at - 1;
      int[] addresses = new int[v4.length + 1];
      Object[] values = new Object[v4.length + 1];
      System.arraycopy(v4, 0, addresses, 0, insert);
      System.arraycopy(v4, insert, addresses, insert + 1, v4.length - insert);
      System.arraycopy(v4Services, 0, values, 0, insert);
      System.arraycopy(v4Services, insert, values, insert + 1, v4.length - insert);
      addresses[insert] = ip;
      values[insert] = services;
      return new Shard(addresses, values, v6);
    }

    private int find(int ip) {
      return Arrays.binarySearch(v4, ip);
    }
  }
}
