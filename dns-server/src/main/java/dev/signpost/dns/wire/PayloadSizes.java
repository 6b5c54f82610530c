package dev.signpost.dns.wire;

/** How large a reply may be, by transport and EDNS (RFC 1035 4.2, RFC 6891 6.2.5): the sizes in one place. */
public final class PayloadSizes {

  /** What we tell clients we accept and send over UDP: the DNS flag day 2020 size, no fragmentation. */
  public static final int EDNS_UDP = 1232;
  /** A UDP reply to a query without EDNS. */
  public static final int PLAIN_UDP = 512;
  /** A TCP reply: whatever its two-byte length prefix can say. */
  public static final int TCP = 65535;

  private PayloadSizes() {}

  /**
   * The largest reply a client can take.
   *
   * @param ednsPayload the payload size of the query's OPT record, or -1 without EDNS
   */
  public static int maxReply(boolean tcp, int ednsPayload) {
    if (tcp) {
      return TCP;
    }
    if (ednsPayload < 0) {
      return PLAIN_UDP;
    }
    return Math.min(Math.max(ednsPayload, PLAIN_UDP), EDNS_UDP);
  }
}
