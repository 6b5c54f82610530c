package dev.signpost.dns.chain;

import java.io.IOException;
import java.util.Objects;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The reply to one query: a dnsjava message, complete but not yet encoded (the transport truncates it to
 * fit), or bytes already encoded to fit (the registry's common answers, see {@code WireReplies}).
 */
public sealed interface DnsReply permits DnsReply.AsMessage, DnsReply.Encoded, DnsReply.Transfer {

  /** A reply as a dnsjava message, encoded when it is sent. */
  static DnsReply of(Message message) {
    return new AsMessage(Objects.requireNonNull(message, "message"));
  }

  /** A reply already encoded, within the size the client accepts. */
  static DnsReply encoded(byte[] wire) {
    return new Encoded(Objects.requireNonNull(wire, "wire"));
  }

  /** A zone transfer's messages, sent one after the other over TCP. */
  static DnsReply transfer(TransferStream stream) {
    return new Transfer(Objects.requireNonNull(stream, "stream"));
  }

  /** The reply as a dnsjava message; an encoded reply is parsed (for tests and rare paths). */
  Message message();

  /** The response code, with EDNS's extended bits (BADVERS); encoded replies have no extended code. */
  int rcode();

  /** Sets or clears RA. */
  void recursionAvailable(boolean available);

  /** The bytes to send: at most {@code maxSize}, truncated (TC) when the message does not fit. */
  byte[] toWire(int maxSize);

  /** A dnsjava message. */
  record AsMessage(Message message) implements DnsReply {

    @Override
    public int rcode() {
      return message.getRcode();
    }

    @Override
    public void recursionAvailable(boolean available) {
      if (available) {
        message.getHeader().setFlag(Flags.RA);
      } else {
        message.getHeader().unsetFlag(Flags.RA);
      }
    }

    @Override
    public byte[] toWire(int maxSize) {
      return message.toWire(maxSize);
    }
  }

  /** Bytes written to fit; RA and the response code live in the header's fourth byte. */
  record Encoded(byte[] wire) implements DnsReply {

    private static final int FLAGS_BYTE = 3;
    private static final int RA_BIT = 0x80;

    @Override
    public Message message() {
      try {
        return new Message(wire);
      } catch (IOException e) {
        throw new IllegalStateException("an encoded reply did not parse", e);
      }
    }

    @Override
    public int rcode() {
      return wire[FLAGS_BYTE] & 0x0F;
    }

    @Override
    public void recursionAvailable(boolean available) {
      if (available) {
        wire[FLAGS_BYTE] |= (byte) RA_BIT;
      } else {
        wire[FLAGS_BYTE] &= (byte) ~RA_BIT;
      }
    }

    @Override
    public byte[] toWire(int maxSize) {
      return wire;
    }
  }

  /**
   * A zone transfer: several messages, which only the TCP transport sends ({@code QueryResponder}). Its response
   * code is NOERROR (a refusal is a one-message reply); it is never one message, so it has no single wire form.
   */
  record Transfer(TransferStream stream) implements DnsReply {

    @Override
    public Message message() {
      throw new UnsupportedOperationException("a zone transfer is several messages");
    }

    @Override
    public int rcode() {
      return Rcode.NOERROR;
    }

    @Override
    public void recursionAvailable(boolean available) {
      // A transfer's messages are authoritative data; RA says nothing there.
    }

    @Override
    public byte[] toWire(int maxSize) {
      throw new UnsupportedOperationException("a zone transfer is several messages");
    }
  }
}
