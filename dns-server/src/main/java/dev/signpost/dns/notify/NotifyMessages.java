package dev.signpost.dns.notify;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * The NOTIFY message of RFC 1996 and the test of its answer. A NOTIFY is opcode NOTIFY with AA set and the question
 * {@code <zone> IN SOA}; the zone's new SOA rides in the answer section (§3.7 allows it: a secondary may take the
 * serial as a hint and skip its own SOA query). An answer counts only when it echoes the id, the opcode and the
 * question (§4.7), and, for a signed NOTIFY, carries a valid signature chained to ours (RFC 8945 §5.3).
 */
final class NotifyMessages {

  private NotifyMessages() {}

  /** A NOTIFY sent, with what its answer must match. */
  record Sent(byte[] wire, int id, Record question, Optional<TSIG> key, Optional<TSIGRecord> signature) {}

  /** What an answer from the target said. */
  enum Verdict {
    /** NOERROR, matching, signed as the NOTIFY was: the secondary has it. */
    ACKNOWLEDGED,
    /** Matching, but with an error code (REFUSED, NOTAUTH, NOTIMP...): the secondary will not act on it. */
    REFUSED,
    /** Matching, but unsigned, or its signature does not verify with our key. */
    BAD_SIGNATURE,
    /** Not an answer to this NOTIFY (another id, opcode or question, or not a DNS message): ignored. */
    UNRELATED
  }

  /** A NOTIFY of {@code soa}'s zone, signed with {@code key} when there is one. */
  static Sent notify(SOARecord soa, int id, Optional<TSIG> key) {
    Message message = new Message(id);
    message.getHeader().setOpcode(Opcode.NOTIFY);
    message.getHeader().setFlag(Flags.AA);
    Record question = Record.newRecord(soa.getName(), Type.SOA, DClass.IN);
    message.addRecord(question, Section.QUESTION);
    message.addRecord(soa, Section.ANSWER);
    key.ifPresent(k -> k.apply(message, null));
    return new Sent(message.toWire(), id, question, key, Optional.ofNullable(message.getTSIG()));
  }

  /** Reads {@code wire} as the answer to {@code sent}. */
  static Verdict verdict(Sent sent, byte[] wire) {
    Message reply;
    try {
      reply = new Message(wire);
    } catch (IOException e) {
      return Verdict.UNRELATED;
    }
    if (reply.getHeader().getID() != sent.id() || !reply.getHeader().getFlag(Flags.QR)
        || reply.getHeader().getOpcode() != Opcode.NOTIFY) {
      return Verdict.UNRELATED;
    }
    List<Record> question = reply.getSection(Section.QUESTION);
    if (question.size() != 1 || !sameQuestion(question.get(0), sent.question())) {
      return Verdict.UNRELATED;
    }
    if (sent.key().isPresent()) {
      if (reply.getTSIG() == null
          || sent.key().get().verify(reply, wire, sent.signature().orElse(null)) != Rcode.NOERROR) {
        return Verdict.BAD_SIGNATURE;
      }
    }
    return reply.getRcode() == Rcode.NOERROR ? Verdict.ACKNOWLEDGED : Verdict.REFUSED;
  }

  private static boolean sameQuestion(Record a, Record b) {
    return a.getName().equals(b.getName()) && a.getType() == b.getType() && a.getDClass() == b.getDClass();
  }
}
