package dev.signpost.dns.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The rest of the chain, as the handler under test sees it: a lambda ({@link #next}) that records each
 * request passed on and answers it with a reply of its own. The two checks of the handler contract: a
 * handler that passes on hands over the very request and returns the rest's reply as it is; a handler that
 * answers passes nothing on.
 */
final class RestOfChain {

  /** A code none of these handlers makes, so the rest's reply is told apart from the handler's own. */
  static final int REST = Rcode.NOTAUTH;

  /** A rest that must never be reached. */
  static final QueryChain NEVER = request -> {
    throw new AssertionError("passed on " + request + ", which the handler should have answered");
  };

  private final List<DnsRequest> passedOn = new ArrayList<>();
  private final List<DnsReply> replies = new ArrayList<>();

  final QueryChain next = request -> {
    passedOn.add(request);
    DnsReply reply = DnsReply.of(ReplyMessages.reply(request.query(), REST));
    replies.add(reply);
    return CompletableFuture.completedFuture(reply);
  };

  List<DnsRequest> passedOn() {
    return passedOn;
  }

  /** Asserts the handler passed {@code request} itself on, once, and returned the rest's reply unchanged. */
  void assertPassedOn(DnsRequest request, CompletionStage<DnsReply> stage) {
    assertThat(passedOn).singleElement().isSameAs(request);
    assertThat(Queries.ready(stage)).isSameAs(replies.get(0));
  }

  /** Asserts the handler answered itself, passing nothing on; returns its answer. */
  Message assertAnswered(CompletionStage<DnsReply> stage) {
    assertThat(passedOn).as("requests passed on by a handler that answered").isEmpty();
    return Queries.ready(stage).message();
  }
}
