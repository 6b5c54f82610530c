package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.CLIENT;
import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.ready;
import static dev.signpost.dns.handlers.Queries.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.CapturedLog;
import dev.signpost.dns.RefusingMeters;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.metrics.QueryMetrics;
import dev.signpost.dns.wire.ReplyMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

class MetricsHandlerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetricsHandler metrics = new MetricsHandler(new QueryMetrics(registry));

  @ParameterizedTest(name = "{0} over {2}: {1}")
  @CsvSource({
      "web.service.local. A,     NOERROR,  UDP",
      "web.service.local. SRV,   NXDOMAIN, TCP",
      "web.example.org. AAAA,    SERVFAIL, UDP",
      "service.local. AXFR,      REFUSED,  TCP"})
  void theRestsReplyIsCountedOnceByTypeRcodeAndTransportAndReturnedUnchanged(String question, String rcode,
      Transport transport) {
    DnsRequest request = new DnsRequest(query(question), CLIENT, transport);
    DnsReply fromRest = DnsReply.of(ReplyMessages.reply(request.query(), Rcode.value(rcode)));
    RestOfChain rest = new RestOfChain();

    DnsReply reply = ready(metrics.handle(request, r -> {
      rest.next.proceed(r);
      return CompletableFuture.completedFuture(fromRest);
    }));

    assertThat(rest.passedOn()).singleElement().isSameAs(request);
    assertThat(reply).isSameAs(fromRest);
    String type = question.substring(question.lastIndexOf(' ') + 1);
    assertThat(count(type.equals("AXFR") ? "other" : type, rcode, transport)).isEqualTo(1);
    assertThat(timed()).isEqualTo(1);
  }

  @Test
  void aReplyThatCompletesLaterIsCountedWhenItCompletes() {
    DnsRequest request = request("web.example.org. A");
    CompletableFuture<DnsReply> later = new CompletableFuture<>();

    CompletionStage<DnsReply> stage = metrics.handle(request, r -> later);
    assertThat(timed()).isZero();
    DnsReply fromRest = DnsReply.of(ReplyMessages.reply(request.query(), Rcode.NOERROR));
    later.complete(fromRest);

    assertThat(ready(stage)).isSameAs(fromRest);
    assertThat(count("A", "NOERROR", Transport.UDP)).isEqualTo(1);
  }

  /** In the chain, recover comes next and turns every failure into a SERVFAIL, which is what gets counted. */
  @Test
  void aFailedStageIsLeftAsItIsAndNotCounted() {
    CompletionStage<DnsReply> stage = metrics.handle(request("web.service.local. A"),
        r -> CompletableFuture.failedFuture(new IllegalStateException("boom")));

    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
    assertThat(timed()).isZero();
  }

  /**
   * Regression: metrics is first in the chain, so nothing recovered a failure of its own; a meter registry that
   * refused a new counter made the query vanish, unanswered and unlogged.
   */
  @ParameterizedTest(name = "reply ready at once: {0}")
  @ValueSource(booleans = {true, false})
  void aFailureToCountIsLoggedAndTheReplyStillGoesOut(boolean readyAtOnce) {
    SimpleMeterRegistry refusing = RefusingMeters.refusingQueryCounters();
    MetricsHandler failing = new MetricsHandler(new QueryMetrics(refusing));
    DnsRequest request = request("web.service.local. A");
    DnsReply fromRest = DnsReply.of(ReplyMessages.reply(request.query(), Rcode.NOERROR));
    CompletableFuture<DnsReply> later = new CompletableFuture<>();

    try (CapturedLog log = new CapturedLog(MetricsHandler.class)) {
      CompletionStage<DnsReply> stage = failing.handle(request,
          r -> readyAtOnce ? CompletableFuture.completedFuture(fromRest) : later);
      later.complete(fromRest);

      assertThat(ready(stage)).isSameAs(fromRest);
      assertThat(log.lines()).singleElement().asString()
          .startsWith("SEVERE could not count the reply to DnsRequest[web.service.local.")
          .contains("it is sent all the same").endsWith("registry closed");
    }
  }

  private double count(String type, String rcode, Transport transport) {
    Counter c = registry.find("signpost.dns.queries")
        .tags("type", type, "rcode", rcode, "transport", transport.name().toLowerCase()).counter();
    return c == null ? 0 : c.count();
  }

  private double timed() {
    return registry.find("signpost.dns.query").functionTimer().count();
  }
}
