package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.TransferStream;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.Iterator;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A transfer's records cut into messages of at most ~60 KiB, each with the query's id, AA set, and the question in
 * the first alone (RFC 5936 §2.2): records are counted at their uncompressed size, so a message always fits in the
 * 64 KiB a TCP frame holds, with room for a TSIG record, and compression only makes it smaller.
 */
final class TransferMessages implements TransferStream {

  /** Uncompressed bytes of records per message; the rest of 65,535 is for the header, question, OPT and TSIG. */
  static final int BUDGET = 60_000;

  private final Message query;
  private final Iterator<Record> records;
  private final Runnable finished;
  private Record pending;
  private boolean first = true;
  private boolean closed;

  TransferMessages(Message query, Iterator<Record> records, Runnable finished) {
    this.query = query;
    this.records = records;
    this.finished = finished;
  }

  @Override
  public Message next() {
    if (pending == null && !records.hasNext()) {
      return null;
    }
    Message m;
    if (first) {
      m = ReplyMessages.reply(query, Rcode.NOERROR);
      first = false;
    } else {
      m = new Message(query.getHeader().getID());
      m.getHeader().setFlag(Flags.QR);
    }
    Header header = m.getHeader();
    header.setFlag(Flags.AA);
    int used = 0;
    while (pending != null || records.hasNext()) {
      Record r = pending != null ? pending : records.next();
      int size = r.toWire(Section.ANSWER).length;
      if (used > 0 && used + size > BUDGET) {
        pending = r;
        return m;
      }
      pending = null;
      m.addRecord(r, Section.ANSWER);
      used += size;
    }
    return m;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      finished.run();
    }
  }
}
