package dev.signpost.dns;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * One parsed query and where it came from. The query has exactly one question (the decoder answers
 * anything else itself).
 */
public record DnsRequest(Message query, InetSocketAddress client, Transport transport) {

  /** What we tell clients we accept and send over UDP: the DNS flag day 2020 size, no fragmentation. */
  public static final int EDNS_UDP_PAYLOAD = 1232;
  static final int PLAIN_UDP_PAYLOAD = 512;
  static final int TCP_PAYLOAD = 65535;

  public DnsRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(transport, "transport");
  }

  public Record question() {
    return query.getQuestion();
  }

  /** The query's OPT record, or null when it has no EDNS. */
  public OPTRecord edns() {
    return query.getOPT();
  }

  /** The largest reply this client can take over this transport (RFC 1035, RFC 6891 6.2.5). */
  public int maxReplySize() {
    if (transport == Transport.TCP) {
      return TCP_PAYLOAD;
    }
    OPTRecord opt = edns();
    if (opt == null) {
      return PLAIN_UDP_PAYLOAD;
    }
    return Math.min(Math.max(opt.getPayloadSize(), PLAIN_UDP_PAYLOAD), EDNS_UDP_PAYLOAD);
  }
}
