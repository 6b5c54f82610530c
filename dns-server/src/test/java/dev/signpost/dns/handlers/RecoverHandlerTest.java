package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.ready;
import static dev.signpost.dns.handlers.Queries.request;
import static dev.signpost.dns.handlers.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.FatalErrors;
import dev.signpost.dns.CapturedLog;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class RecoverHandlerTest {

  private final CapturedLog log = new CapturedLog(RecoverHandler.class);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  /** Each way the rest of the chain can fail at once: throwing, or returning a failed stage. */
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("throws", (QueryChain) r -> {
          throw new IllegalStateException("boom");
        }),
        Arguments.of("returns a failed stage", (QueryChain) r ->
            CompletableFuture.failedFuture(new IllegalStateException("boom"))));
  }

  @ParameterizedTest(name = "the rest {0}")
  @MethodSource("failures")
  void aFailureFurtherOnBecomesServfailForThisQueryAndALogLine(String how, QueryChain failing) {
    Message query = withEdns(query("web.service.local. A"), 0);

    Message reply = ready(new RecoverHandler().handle(request(query), failing)).message();

    assertServfailFor(query, reply);
    assertThat(log.lines()).singleElement().asString()
        .startsWith("SEVERE query web.service.local.").contains("from /192.0.2.7:40000 failed").endsWith("boom");
  }

  @Test
  void aStageThatFailsLaterBecomesServfailWhenItFails() {
    Message query = query("web.service.local. A");
    CompletableFuture<DnsReply> later = new CompletableFuture<>();

    CompletionStage<DnsReply> stage = new RecoverHandler().handle(request(query), r -> later);
    assertThat(stage.toCompletableFuture()).isNotDone();
    later.completeExceptionally(new IllegalStateException("upstream gone"));

    assertServfailFor(query, ready(stage).message());
    assertThat(log.lines()).singleElement().asString().endsWith("upstream gone");
  }

  private static void assertServfailFor(Message query, Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getOPT() != null).as("an OPT record exactly when the query had one")
        .isEqualTo(query.getOPT() != null);
  }

  @Test
  void aReplyFromTheRestPassesThroughUnchangedAndNothingIsLogged() {
    RestOfChain rest = new RestOfChain();
    DnsRequest request = request("web.service.local. A");

    rest.assertPassedOn(request, new RecoverHandler().handle(request, rest.next));
    assertThat(log.lines()).isEmpty();
  }

  @Test
  void aReplyThatCompletesLaterPassesThroughWhenItCompletes() {
    RestOfChain rest = new RestOfChain();
    DnsRequest request = request("web.service.local. A");
    CompletableFuture<DnsReply> later = new CompletableFuture<>();

    CompletionStage<DnsReply> stage = new RecoverHandler().handle(request, r -> later);
    assertThat(stage.toCompletableFuture()).isNotDone();
    DnsReply fromRest = ready(rest.next.proceed(request));
    later.complete(fromRest);

    assertThat(ready(stage)).isSameAs(fromRest);
  }

  /** Out of memory is the process's failure: escalated, so the launcher ends it; the query still gets SERVFAIL. */
  @Test
  void anErrorTheProcessCannotServeAfterIsEscalatedFirst() {
    List<Throwable> escalated = new ArrayList<>();
    Thread thread = Thread.currentThread();
    Thread.UncaughtExceptionHandler before = thread.getUncaughtExceptionHandler();
    FatalErrors.Unusable fatal = new FatalErrors.Unusable("event loop gone");
    thread.setUncaughtExceptionHandler((t, e) -> escalated.add(e));
    try {
      DnsReply reply = ready(new RecoverHandler().handle(request("web.service.local. A"),
          r -> CompletableFuture.failedFuture(fatal)));

      assertThat(reply.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(escalated).containsExactly(fatal);
    } finally {
      thread.setUncaughtExceptionHandler(before);
    }
  }
}
