package dev.signpost.balance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sticky order per client by rendezvous (highest random weight) hashing: each instance scores
 * {@code hash(client address, instance id)} and the order is by descending score. A client keeps its
 * order while the set is unchanged, and when an instance leaves only the clients that had it first move;
 * nobody else's first choice changes (a modulo hash would reshuffle almost everyone). Stateless.
 */
public final class IpHashStrategy implements LoadBalancingStrategy {

  private static final long SEED = 0x5167_6e70_6f73_7421L;
  /** Highest score first; the id breaks ties, so the order never depends on the input's. */
  private static final Comparator<Scored<?>> ORDER =
      Comparator.<Scored<?>, Long>comparing(Scored::score, Long::compareUnsigned).reversed()
          .thenComparing(s -> s.instance().id());

  @Override
  public String name() {
    return "ip-hash";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    if (n < 2) {
      return List.copyOf(healthy);
    }
    long clientHash = hash(SEED, client.address().getAddress());
    @SuppressWarnings("unchecked")
    Scored<T>[] scored = new Scored[n];
    for (int k = 0; k < n; k++) {
      T i = healthy.get(k);
      scored[k] = new Scored<>(i, score(clientHash, i.id()));
    }
    Arrays.sort(scored, ORDER);
    List<T> ordered = new ArrayList<>(n);
    for (Scored<T> s : scored) {
      ordered.add(s.instance());
    }
    return ordered;
  }

  /** The instance's weight for this client: the id hashed on top of the client's hash, then mixed again. */
  static long score(long clientHash, String instanceId) {
    return mix64(hash(clientHash, instanceId.getBytes(StandardCharsets.UTF_8)));
  }

  /** A 64-bit hash of {@code bytes}, eight at a time, each word mixed before it is folded in. */
  static long hash(long seed, byte[] bytes) {
    long h = seed ^ (bytes.length * 0x9E37_79B9_7F4A_7C15L);
    for (int k = 0; k < bytes.length; k += 8) {
      long word = 0;
      for (int b = k; b < Math.min(k + 8, bytes.length); b++) {
        word = (word << 8) | (bytes[b] & 0xFF);
      }
      h = Long.rotateLeft(h ^ mix64(word + k), 27) * 0x9E37_79B9_7F4A_7C15L;
    }
    return mix64(h);
  }

  /** The splitmix64 finalizer: every input bit affects every output bit. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  private record Scored<T extends Endpoint>(T instance, long score) {}
}
