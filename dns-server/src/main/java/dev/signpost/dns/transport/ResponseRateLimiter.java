package dev.signpost.dns.transport;

import dev.signpost.core.Cidr;
import dev.signpost.core.TimeSource;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Whether a UDP client's network may have one more answer now ({@link RateLimit}). Each network (/24,
 * /56) has a slot in a fixed table, so memory stays the same however many sources a flood spoofs; a slot
 * another network hashes to is taken over, which at worst gives that network a fresh allowance.
 *
 * <p>The allowance is a virtual schedule (GCRA): each answer moves the network's next free time on by
 * {@code 1 s / perSecond}; an answer is allowed while that time is less than a second ahead, so a quiet
 * network may burst up to {@code perSecond} answers. Thread-safe: slots are guarded by striped locks, as
 * every event loop may ask.
 */
final class ResponseRateLimiter {

  static final int SLOTS = 1 << 16;
  private static final int STRIPES = 64;
  private static final long SECOND = 1_000_000_000L;

  private final long[] networks = new long[SLOTS];
  private final long[] nextFree = new long[SLOTS];
  private final Object[] locks = new Object[STRIPES];
  private final long interval;
  private final RateLimit limit;
  private final TimeSource time;

  ResponseRateLimiter(RateLimit limit, TimeSource time) {
    if (!limit.enabled()) {
      throw new IllegalArgumentException("the rate limit is off");
    }
    this.limit = limit;
    this.time = time;
    this.interval = SECOND / limit.perSecond();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** True when {@code client} may have this answer; counts it against its network if so. */
  boolean allow(InetAddress client) {
    for (Cidr exempt : limit.exempt()) {
      if (exempt.contains(client)) {
        return true;
      }
    }
    long network = network(client);
    int slot = (int) (mix(network) & (SLOTS - 1));
    long now = time.nanoTime();
    synchronized (locks[slot & (STRIPES - 1)]) {
      if (networks[slot] != network) {
        networks[slot] = network;
        nextFree[slot] = now;
      }
      long next = Math.max(nextFree[slot], now);
      if (next - now > SECOND - interval) {
        return false;
      }
      nextFree[slot] = next + interval;
      return true;
    }
  }

  /** A /24 or a /56 as a number, tagged by family so that the two never meet (and never 0, the empty slot). */
  static long network(InetAddress client) {
    byte[] a = client.getAddress();
    if (client instanceof Inet4Address) {
      return 1L << 60 | (a[0] & 0xFFL) << 16 | (a[1] & 0xFFL) << 8 | (a[2] & 0xFFL);
    }
    long n = 1L << 61;
    for (int i = 0; i < 7; i++) {
      n |= (a[i] & 0xFFL) << (48 - 8 * i);
    }
    return n;
  }

  /** Spreads neighbouring networks over the table (a 64-bit finaliser, as in SplitMix64). */
  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
