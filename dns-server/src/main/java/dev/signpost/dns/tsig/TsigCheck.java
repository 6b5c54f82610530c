package dev.signpost.dns.tsig;

import dev.signpost.dns.chain.Signature;
import dev.signpost.dns.chain.TransferStream;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Verifies signed queries and signs their replies (RFC 8945). A query without TSIG passes unchanged; a signed one
 * either is verified (its reply is then signed, {@link #sign}) or gets NOTAUTH with the TSIG error at once: BADKEY
 * for a key or algorithm we do not know, BADSIG for a MAC that does not match (both unsigned, with an empty MAC,
 * §5.3.2), BADTIME for a time outside the fudge (signed, with our time, §5.2.3). A TSIG that is not alone and
 * last (§5.1), or whose MAC is longer than its algorithm's or shorter than half of it or 10 bytes (§5.2.2.1), gets
 * FORMERR.
 */
public final class TsigCheck {

  /** What became of a query's signature. */
  public sealed interface Outcome {}

  /** Not signed. */
  public record Unsigned() implements Outcome {}

  /** Verified: answer it, and sign the answer. */
  public record Verified(Signature signature) implements Outcome {}

  /** Refused: send this reply and nothing else. {@code error} names why: the TSIG error (BADSIG...), or FORMERR. */
  public record Refused(byte[] reply, String error) implements Outcome {}

  /** A MAC may be cut to half of its algorithm's, never below this (§5.2.2.1). */
  private static final int MIN_MAC_BYTES = 10;

  private final TsigKeys keys;

  public TsigCheck(TsigKeys keys) {
    this.keys = keys;
  }

  /**
   * @param query the query as dnsjava parsed it from {@code wire}
   * @param wire the query's bytes, which the MAC covers
   */
  public Outcome check(Message query, byte[] wire) {
    List<Record> additional = query.getSection(Section.ADDITIONAL);
    long tsigs = additional.stream().filter(r -> r.getType() == Type.TSIG).count();
    if (tsigs == 0) {
      return new Unsigned();
    }
    // dnsjava refuses to parse a misplaced TSIG, but a message built rather than parsed may hold one. (A query whose
    // sections dnsjava cut short, as it does with TC set, never comes here: QueryDecoder answers it FORMERR.)
    if (tsigs > 1 || !(additional.get(additional.size() - 1) instanceof TSIGRecord tsig)) {
      return malformed(query);
    }
    Optional<TsigKeys.Loaded> found = keys.loaded(tsig.getName());
    if (found.isEmpty() || !found.get().key().algorithm().equals(tsig.getAlgorithm())) {
      return refused(query, tsig, Rcode.BADKEY);
    }
    TsigKeys.Loaded key = found.get();
    int size = tsig.getSignature().length;
    if (size > key.macLength() || size < Math.max(MIN_MAC_BYTES, key.macLength() / 2)) {
      return malformed(query);
    }
    int result = key.tsig().verify(query, wire, null);
    if (result == Rcode.NOERROR) {
      return new Verified(new Signature(key.tsig(), tsig));
    }
    if (result == Rcode.BADTIME) {
      byte[] reply = BadTimeSignature.sign(error(query), tsig, key.key(), keys.clock().instant());
      return new Refused(reply, Rcode.TSIGstring(result));
    }
    return refused(query, tsig, result == Rcode.BADKEY ? Rcode.BADKEY : Rcode.BADSIG);
  }

  /** §5.1, §5.2.2.1: a misplaced TSIG, or a MAC of a size its algorithm forbids, makes the message malformed. */
  private static Refused malformed(Message query) {
    Message reply = ReplyMessages.reply(query, Rcode.FORMERR);
    return new Refused(reply.toWire(), Rcode.string(Rcode.FORMERR));
  }

  private static Refused refused(Message query, TSIGRecord tsig, int error) {
    Message reply = error(query);
    reply.addRecord(new TSIGRecord(tsig.getName(), DClass.ANY, 0, tsig.getAlgorithm(), tsig.getTimeSigned(),
        tsig.getFudge(), new byte[0], query.getHeader().getID(), error, null), Section.ADDITIONAL);
    return new Refused(reply.toWire(), Rcode.TSIGstring(error));
  }

  /** NOTAUTH for the query: its id, opcode and question. */
  private static Message error(Message query) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    reply.getHeader().setRcode(Rcode.NOTAUTH);
    if (query.getQuestion() != null) {
      reply.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return reply;
  }

  /** A one-message reply signed for its query, at most {@code maxSize} bytes (truncated to fit, signature kept). */
  public static byte[] sign(Message reply, Signature signature, int maxSize) {
    reply.setTSIG(signature.key(), Rcode.NOERROR, signature.queryTsig());
    return reply.toWire(maxSize);
  }

  /**
   * A transfer's messages as bytes, each signed (RFC 8945 §5.3.1): the first over the query's MAC and the whole
   * TSIG variables, each later one over the MAC before it and the timers alone. Unsigned without a signature.
   */
  public static Signed stream(TransferStream stream, Optional<Signature> signature) {
    return new Signed(stream, signature.orElse(null));
  }

  /** {@link #stream}: one message at a time, on the connection's event loop. */
  public static final class Signed {

    private final TransferStream stream;
    private final Signature signature;
    private TSIGRecord previous;

    private Signed(TransferStream stream, Signature signature) {
      this.stream = stream;
      this.signature = signature;
      this.previous = signature == null ? null : signature.queryTsig();
    }

    /** The next message's bytes; null after the last. */
    public byte[] next() {
      Message m = stream.next();
      if (m == null) {
        return null;
      }
      if (signature != null) {
        boolean first = previous == signature.queryTsig();
        signature.key().apply(m, Rcode.NOERROR, previous, first);
        previous = m.getTSIG();
      }
      return m.toWire();
    }

    public void close() {
      stream.close();
    }
  }
}
