package dev.signpost.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Rendezvous (highest-random-weight) hashing: the owner of a key among some nodes is the node with the
 * highest {@link #weight}(node, key). Every node computes the same owner from the same node set without
 * talking to the others, a node that leaves hands on only its own keys, and a node that joins takes about
 * 1/n of the keys, each from whichever node had it.
 *
 * <p>The weight is part of the cluster's contract, not an implementation detail: nodes of different
 * versions, on different JVMs and machines, must agree on it during a rolling upgrade, so it is spelled out
 * here (64-bit FNV-1a over the UTF-8 bytes of node, a zero byte and key, then SplitMix64's finalizer, which
 * FNV's weak high bits need) and pinned by a test. Never {@code hashCode}, never a per-JVM seed. Weights
 * compare as unsigned numbers. Immutable.
 */
final class Rendezvous {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** The nodes in name order, and for each the FNV state after its name and the zero byte. */
  private final String[] nodes;
  private final long[] prefixes;

  private Rendezvous(String[] nodes) {
    this.nodes = nodes;
    this.prefixes = new long[nodes.length];
    for (int n = 0; n < nodes.length; n++) {
      prefixes[n] = fnv1a(fnv1a(FNV_OFFSET, utf8(nodes[n])), new byte[] {0});
    }
  }

  /** @throws IllegalArgumentException when there is no node: every key needs an owner */
  static Rendezvous over(Collection<String> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("rendezvous hashing needs at least one node");
    }
    return new Rendezvous(new TreeSet<>(nodes).toArray(String[]::new));
  }

  /** The node with the highest weight for {@code key}; equal weights (never seen) go to the first name. */
  String owner(String key) {
    if (nodes.length == 1) {
      return nodes[0];
    }
    byte[] bytes = utf8(key);
    int best = 0;
    long bestWeight = mix(fnv1a(prefixes[0], bytes));
    for (int n = 1; n < nodes.length; n++) {
      long w = mix(fnv1a(prefixes[n], bytes));
      if (Long.compareUnsigned(w, bestWeight) > 0) {
        best = n;
        bestWeight = w;
      }
    }
    return nodes[best];
  }

  /** {@code node}'s weight for {@code key}, an unsigned 64-bit number. */
  static long weight(String node, String key) {
    return mix(fnv1a(fnv1a(fnv1a(FNV_OFFSET, utf8(node)), new byte[] {0}), utf8(key)));
  }

  /** 64-bit FNV-1a, continued from {@code state} ({@code 0xcbf29ce484222325} to start). */
  static long fnv1a(long state, byte[] bytes) {
    long h = state;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  static long fnv1a(String text) {
    return fnv1a(FNV_OFFSET, utf8(text));
  }

  /** SplitMix64's finalizer: every input bit flips about half the output bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
