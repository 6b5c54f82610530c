package dev.signpost.dns.chain;

import java.io.IOException;
import java.util.Objects;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * The reply to one query: a dnsjava message, complete but not yet encoded (the transport truncates it to
 * fit), or bytes already encoded to fit (the registry's common answers, see {@code WireReplies}).
 */
public final class DnsReply {

  private static final int RA_BYTE = 3;
  private static final int RA_BIT = 0x80;
  private static final int RCODE_BYTE = 3;

  private final Message message;
  private final byte[] wire;

  public DnsReply(Message message) {
    this.message = Objects.requireNonNull(message, "message");
    this.wire = null;
  }

  private DnsReply(byte[] wire) {
    this.message = null;
    this.wire = wire;
  }

  /** A reply already encoded, within the size the client accepts. */
  public static DnsReply encoded(byte[] wire) {
    return new DnsReply(Objects.requireNonNull(wire, "wire"));
  }

  /** The reply as a dnsjava message; an encoded reply is parsed (for tests and rare paths). */
  public Message message() {
    if (message != null) {
      return message;
    }
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new IllegalStateException("an encoded reply did not parse", e);
    }
  }

  /** The response code, with EDNS's extended bits (BADVERS); encoded replies have no extended code. */
  public int rcode() {
    return message != null ? message.getRcode() : wire[RCODE_BYTE] & 0x0F;
  }

  /** Sets or clears RA. */
  public void recursionAvailable(boolean available) {
    if (message != null) {
      if (available) {
        message.getHeader().setFlag(Flags.RA);
      } else {
        message.getHeader().unsetFlag(Flags.RA);
      }
    } else if (available) {
      wire[RA_BYTE] |= (byte) RA_BIT;
    } else {
      wire[RA_BYTE] &= (byte) ~RA_BIT;
    }
  }

  /** The bytes to send: at most {@code maxSize}, truncated (TC) when the message does not fit. */
  public byte[] toWire(int maxSize) {
    return message != null ? message.toWire(maxSize) : wire;
  }
}
