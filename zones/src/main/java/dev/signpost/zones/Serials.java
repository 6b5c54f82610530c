package dev.signpost.zones;

/**
 * Serial number arithmetic (RFC 1982) for 32-bit SOA serials: the registry index modulo 2^32 wraps, and a serial
 * just past the wrap is newer than one just before it.
 */
public final class Serials {

  private static final long HALF = 1L << 31;
  private static final long MASK = 0xFFFFFFFFL;

  private Serials() {}

  /**
   * Negative when {@code a} is older than {@code b}, 0 when equal, positive when newer. Two serials exactly 2^31
   * apart are undefined by RFC 1982; they count as older here, so the client is sent the zone.
   */
  public static int compare(long a, long b) {
    long x = a & MASK;
    long y = b & MASK;
    if (x == y) {
      return 0;
    }
    long ahead = (x - y) & MASK;
    return ahead > 0 && ahead < HALF ? 1 : -1;
  }
}
