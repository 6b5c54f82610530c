package dev.signpost.dns.forward;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One query to one upstream over one transport, and the answer it waits for. Only a reply with the
 * query's id and question counts (RFC 5452 9.1); anything else is ignored and waiting continues, so a
 * forged or stale packet can neither answer the query nor end it.
 */
final class Exchange {

  private final Upstream upstream;
  private final Message query;
  private final CompletableFuture<Message> answer = new CompletableFuture<>();

  Exchange(Upstream upstream, Message query) {
    this.upstream = upstream;
    this.query = query;
  }

  Upstream upstream() {
    return upstream;
  }

  byte[] queryWire() {
    return query.toWire();
  }

  CompletableFuture<Message> answer() {
    return answer;
  }

  /** Completes the exchange when {@code wire} is the reply to this query; otherwise leaves it waiting. */
  boolean offer(byte[] wire) {
    // Compare the id before parsing: stray packets cost two byte reads.
    if (wire.length < 12 || (((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF)) != query.getHeader().getID()) {
      return false;
    }
    Message reply;
    try {
      reply = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (!reply.getHeader().getFlag(Flags.QR) || !sameQuestion(reply.getQuestion(), query.getQuestion())) {
      return false;
    }
    return answer.complete(reply);
  }

  /** Name compared case-insensitively (dnsjava's {@code Name.equals}), then type and class. */
  private static boolean sameQuestion(Record got, Record asked) {
    return got != null && got.getName().equals(asked.getName()) && got.getType() == asked.getType()
        && got.getDClass() == asked.getDClass();
  }

  void fail(Throwable cause) {
    answer.completeExceptionally(cause);
  }
}
