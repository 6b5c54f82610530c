package dev.signpost.dns.chain;

import dev.signpost.zones.DnsWire;
import dev.signpost.dns.wire.WireQuery;
import dev.signpost.dns.wire.ClientSubnet;
import dev.signpost.dns.wire.PayloadSizes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * One query and where it came from. The query has exactly one question (the decoder answers anything
 * else itself).
 *
 * <p>A query of the common shape ({@link WireQuery}) is kept as its bytes: its type, class and EDNS
 * fields are read from them, and dnsjava's {@link Message} is built only when a handler asks for it.
 */
public final class DnsRequest {

  private final WireQuery wire;
  private volatile Message query;
  private final InetSocketAddress client;
  private final Transport transport;

  private DnsRequest(WireQuery wire, Message query, InetSocketAddress client, Transport transport) {
    this.wire = wire;
    this.query = query;
    this.client = Objects.requireNonNull(client, "client");
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** A query parsed by dnsjava. */
  public DnsRequest(Message query, InetSocketAddress client, Transport transport) {
    this(null, Objects.requireNonNull(query, "query"), client, transport);
  }

  /** A query of the common shape, still in its bytes. */
  public static DnsRequest of(WireQuery wire, InetSocketAddress client, Transport transport) {
    return new DnsRequest(Objects.requireNonNull(wire, "wire"), null, client, transport);
  }

  /** The query's bytes when it has the common shape, else null. */
  public WireQuery wire() {
    return wire;
  }

  /** The query as dnsjava's message; built on first use for a query kept as bytes. */
  public Message query() {
    Message parsed = query;
    if (parsed == null) {
      try {
        parsed = new Message(wire.wire());
      } catch (IOException e) {
        // WireQuery accepts only what dnsjava reads; this would be a bug in one of the two.
        throw new IllegalStateException("a query of the common shape did not parse", e);
      }
      query = parsed;
    }
    return parsed;
  }

  public InetSocketAddress client() {
    return client;
  }

  public Transport transport() {
    return transport;
  }

  public Record question() {
    return query().getQuestion();
  }

  /** The question's name, as the client spelled it; read alone from the bytes of a common query. */
  public Name qname() {
    if (wire == null || query != null) {
      return question().getName();
    }
    try {
      DNSInput in = new DNSInput(wire.wire());
      in.jump(DnsWire.HEADER_LENGTH);
      return new Name(in);
    } catch (IOException e) {
      throw new IllegalStateException("a query of the common shape has a bad name", e);
    }
  }

  public int qtype() {
    return wire != null ? wire.qtype() : question().getType();
  }

  public int qclass() {
    return wire != null ? wire.qclass() : question().getDClass();
  }

  public int opcode() {
    return wire != null ? 0 : query().getHeader().getOpcode();
  }

  /** The query's OPT record, or null when it has no EDNS. */
  public OPTRecord edns() {
    return query().getOPT();
  }

  /** The query's EDNS version, or -1 without EDNS. */
  public int ednsVersion() {
    if (wire != null) {
      return wire.hasEdns() ? wire.ednsVersion() : -1;
    }
    OPTRecord opt = edns();
    return opt == null ? -1 : opt.getVersion();
  }

  /** The largest reply this client can take over this transport. */
  public int maxReplySize() {
    if (transport == Transport.TCP) {
      return PayloadSizes.TCP;
    }
    int payload;
    if (wire != null) {
      payload = wire.ednsPayload();
    } else {
      OPTRecord opt = edns();
      payload = opt == null ? -1 : opt.getPayloadSize();
    }
    return PayloadSizes.maxReply(false, payload);
  }

  /** Who the answer is for: the ECS address when the query carries one, else where the query came from. */
  public InetAddress clientAddress() {
    if (wire != null) {
      return client.getAddress(); // the common shape carries no EDNS options
    }
    return ClientSubnet.of(query()).map(ClientSubnetOption::getAddress).orElse(client.getAddress());
  }

  @Override
  public String toString() {
    return "DnsRequest[" + question() + " from " + client + " over " + transport + "]";
  }
}
