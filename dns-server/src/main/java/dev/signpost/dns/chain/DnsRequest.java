package dev.signpost.dns.chain;

import dev.signpost.dns.wire.ClientSubnet;
import dev.signpost.dns.wire.PayloadSizes;
import dev.signpost.dns.wire.WireQuery;
import dev.signpost.zones.DnsWire;
import dev.signpost.zones.QueryName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * One query and where it came from. The query has exactly one question (the decoder answers anything
 * else itself).
 *
 * <p>A query of the common shape ({@link WireQuery}) is kept as its bytes: its type, class and EDNS
 * fields are read from them, and dnsjava's {@link Message} is built only when a handler asks for it. The two
 * sources are two {@link Form}s, so each field is read in one place for each.
 */
public final class DnsRequest {

  private final Form form;
  private final InetSocketAddress client;
  private final Transport transport;
  /** The query's verified TSIG signature; null when it was not signed. */
  private final Signature signature;

  private DnsRequest(Form form, InetSocketAddress client, Transport transport) {
    this(form, client, transport, null);
  }

  private DnsRequest(Form form, InetSocketAddress client, Transport transport, Signature signature) {
    this.form = form;
    this.client = Objects.requireNonNull(client, "client");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.signature = signature;
  }

  /** This request, its TSIG signature verified: its reply is then signed with the same key. */
  public DnsRequest signed(Signature verified) {
    return new DnsRequest(form, client, transport, Objects.requireNonNull(verified, "verified"));
  }

  /** The query's verified TSIG signature; empty when it was not signed. */
  public Optional<Signature> signature() {
    return Optional.ofNullable(signature);
  }

  /** A query parsed by dnsjava. */
  public DnsRequest(Message query, InetSocketAddress client, Transport transport) {
    this(new Parsed(Objects.requireNonNull(query, "query")), client, transport);
  }

  /** A query of the common shape, still in its bytes. */
  public static DnsRequest of(WireQuery wire, InetSocketAddress client, Transport transport) {
    return new DnsRequest(new KeptAsBytes(Objects.requireNonNull(wire, "wire")), client, transport);
  }

  /** The query's bytes when it has the common shape, else null: the registry then answers it in bytes. */
  public WireQuery wire() {
    return form.wire();
  }

  /** The query as dnsjava's message; built on first use for a query kept as bytes. */
  public Message query() {
    return form.message();
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
    return form.qname();
  }

  /** The question's name for the registry's zone, read from the bytes of a common query. */
  public QueryName questionName() {
    return form.questionName();
  }

  public int qtype() {
    return form.qtype();
  }

  public int qclass() {
    return form.qclass();
  }

  public int opcode() {
    return form.opcode();
  }

  /** The query's OPT record, or null when it has no EDNS. */
  public OPTRecord edns() {
    return query().getOPT();
  }

  /** The query's EDNS version, or -1 without EDNS. */
  public int ednsVersion() {
    return form.ednsVersion();
  }

  /** The largest reply this client can take over this transport. */
  public int maxReplySize() {
    return PayloadSizes.maxReply(transport == Transport.TCP, form.ednsPayload());
  }

  /** Who the answer is for: the ECS address when the query carries one, else where the query came from. */
  public InetAddress clientAddress() {
    return form.subnetAddress(client.getAddress());
  }

  @Override
  public String toString() {
    return "DnsRequest[" + question() + " from " + client + " over " + transport + "]";
  }

  /** What a request reads from its query, by where the query's fields live. */
  private sealed interface Form permits KeptAsBytes, Parsed {

    WireQuery wire();

    Message message();

    Name qname();

    QueryName questionName();

    int qtype();

    int qclass();

    int opcode();

    /** -1 without EDNS. */
    int ednsVersion();

    /** The OPT record's UDP payload size, -1 without EDNS. */
    int ednsPayload();

    /** The ECS option's address, else {@code source}. */
    InetAddress subnetAddress(InetAddress source);
  }

  /** The common shape: fields read from the bytes; the message parsed on first use and kept. */
  private static final class KeptAsBytes implements Form {

    private final WireQuery wire;
    private volatile Message message;

    KeptAsBytes(WireQuery wire) {
      this.wire = wire;
    }

    @Override
    public WireQuery wire() {
      return wire;
    }

    @Override
    public Message message() {
      Message parsed = message;
      if (parsed == null) {
        try {
          parsed = new Message(wire.wire());
        } catch (IOException e) {
          // WireQuery accepts only what dnsjava reads; this would be a bug in one of the two.
          throw new IllegalStateException("a query of the common shape did not parse", e);
        }
        message = parsed;
      }
      return parsed;
    }

    @Override
    public Name qname() {
      Message parsed = message;
      return parsed != null ? parsed.getQuestion().getName() : questionName().name();
    }

    @Override
    public QueryName questionName() {
      return QueryName.inWire(wire.wire(), DnsWire.HEADER_LENGTH, wire.nameEnd());
    }

    @Override
    public int qtype() {
      return wire.qtype();
    }

    @Override
    public int qclass() {
      return wire.qclass();
    }

    @Override
    public int opcode() {
      return 0; // the common shape is a standard query
    }

    @Override
    public int ednsVersion() {
      return wire.hasEdns() ? wire.ednsVersion() : -1;
    }

    @Override
    public int ednsPayload() {
      return wire.ednsPayload();
    }

    @Override
    public InetAddress subnetAddress(InetAddress source) {
      return source; // the common shape carries no EDNS options
    }
  }

  /** A query dnsjava parsed: every field from its message. */
  private record Parsed(Message message) implements Form {

    @Override
    public WireQuery wire() {
      return null;
    }

    @Override
    public Name qname() {
      return message.getQuestion().getName();
    }

    @Override
    public QueryName questionName() {
      return QueryName.of(qname());
    }

    @Override
    public int qtype() {
      return message.getQuestion().getType();
    }

    @Override
    public int qclass() {
      return message.getQuestion().getDClass();
    }

    @Override
    public int opcode() {
      return message.getHeader().getOpcode();
    }

    @Override
    public int ednsVersion() {
      OPTRecord opt = message.getOPT();
      return opt == null ? -1 : opt.getVersion();
    }

    @Override
    public int ednsPayload() {
      OPTRecord opt = message.getOPT();
      return opt == null ? -1 : opt.getPayloadSize();
    }

    @Override
    public InetAddress subnetAddress(InetAddress source) {
      return ClientSubnet.of(message).map(ClientSubnetOption::getAddress).orElse(source);
    }
  }
}
