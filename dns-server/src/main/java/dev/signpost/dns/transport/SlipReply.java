package dev.signpost.dns.transport;

import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.wire.PayloadSizes;
import dev.signpost.dns.wire.WireQuery;
import dev.signpost.zones.DnsWire;
import org.xbill.DNS.Type;

/**
 * The answer a rate-limited client gets when its turn to slip comes: the question alone, with TC set, so
 * a real client retries over TCP, where no limit applies. It is no larger than the query, so slipping
 * amplifies nothing.
 */
final class SlipReply {

  private SlipReply() {}

  /** The truncated reply to {@code query}, or null when it is not a plain query (then it is dropped). */
  static byte[] of(byte[] query) {
    WireQuery q = WireQuery.parse(query);
    if (q == null) {
      return null;
    }
    int end = q.questionEnd();
    byte[] reply = new byte[end + (q.hasEdns() ? DnsWire.OPT_LENGTH : 0)];
    System.arraycopy(query, 0, reply, 0, end);
    reply[2] = (byte) (0x80 | 0x02 | (query[2] & 0x01)); // QR, TC, and RD as asked (opcode QUERY)
    reply[3] = 0;
    reply[11] = 0; // no additional records but the OPT below
    if (q.hasEdns()) {
      reply[11] = 1;
      reply[end + 2] = (byte) (Type.OPT & 0xFF); // root owner (0), type OPT, class = payload size
      reply[end + 3] = (byte) (PayloadSizes.EDNS_UDP >> 8); // what every other reply advertises
      reply[end + 4] = (byte) (PayloadSizes.EDNS_UDP & 0xFF);
    }
    return reply;
  }
}
