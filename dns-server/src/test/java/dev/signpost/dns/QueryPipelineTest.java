package dev.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.handlers.ChaosHandler;
import dev.signpost.dns.handlers.MetricsHandler;
import dev.signpost.dns.handlers.RecoverHandler;
import dev.signpost.dns.handlers.RecursionAvailableHandler;
import dev.signpost.dns.handlers.RefuseHandler;
import dev.signpost.dns.handlers.WireRulesHandler;
import dev.signpost.dns.metrics.QueryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The chain as a whole: how handlers are linked, and the order {@link QueryPipeline#standard} declares. */
class QueryPipelineTest {

  private static final Map<Class<?>, String> MADE_BY_STANDARD = Map.of(MetricsHandler.class, "metrics",
      RecoverHandler.class, "recover", RecursionAvailableHandler.class, "RA", ChaosHandler.class, "CHAOS",
      WireRulesHandler.class, "wire-rules", RefuseHandler.class, "refuse");

  /** Never asked in these tests: every query is answered, or fails, before the registry's zone. */
  private final QueryHandler registryZone = (r, next) -> {
    throw new AssertionError("the registry's zone was asked " + r);
  };
  private final QueryHandler staticZones = (r, next) -> next.proceed(r);
  private final QueryHandler forwarder = (r, next) -> next.proceed(r);

  private static DnsRequest request(String name, int type, int dclass) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
    return new DnsRequest(q, new InetSocketAddress("127.0.0.1", 5353), Transport.UDP);
  }

  private static DnsRequest request() throws Exception {
    return request("web.service.local.", Type.A, DClass.IN);
  }

  @Test
  void handlersRunInTheGivenOrderAndTheLastAnswers() throws Exception {
    StringBuilder seen = new StringBuilder();
    QueryHandler a = (r, next) -> {
      seen.append('a');
      return next.proceed(r);
    };
    QueryHandler b = (r, next) -> {
      seen.append('b');
      return next.proceed(r);
    };
    DnsReply reply = new QueryPipeline(List.of(a, b, new RefuseHandler())).handle(request()).toCompletableFuture()
        .join();
    assertThat(reply.rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(seen).hasToString("ab");
  }

  @Test
  void aLastHandlerThatPassesOnIsAnError() {
    QueryHandler passer = (r, next) -> next.proceed(r);
    assertThatThrownBy(() -> new QueryPipeline(List.of(passer)).handle(request()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPipelineWithoutHandlersIsRejectedAtOnce() {
    assertThatThrownBy(() -> new QueryPipeline(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  /** DESIGN.md's order: metrics → recover → RA → CHAOS → wire rules → zone files → registry → forward → refuse. */
  @ParameterizedTest(name = "recursion {0}, CHAOS {1}, zone files {2}")
  @CsvSource(delimiter = '|', textBlock = """
      false | false | false | metrics recover wire-rules registry refuse
      true  | false | false | metrics recover RA wire-rules registry forward refuse
      false | true  | false | metrics recover CHAOS wire-rules registry refuse
      false | false | true  | metrics recover wire-rules zone-files registry refuse
      true  | true  | false | metrics recover RA CHAOS wire-rules registry forward refuse
      true  | false | true  | metrics recover RA wire-rules zone-files registry forward refuse
      false | true  | true  | metrics recover CHAOS wire-rules zone-files registry refuse
      true  | true  | true  | metrics recover RA CHAOS wire-rules zone-files registry forward refuse
      """)
  void standardLinksTheHandlersInTheDeclaredOrder(boolean recursion, boolean chaos, boolean files,
      String order) {
    QueryPipeline pipeline = QueryPipeline.standard(parts(new QueryMetrics(new SimpleMeterRegistry()), recursion,
        chaos, files));

    assertThat(pipeline.handlers().stream().map(this::label).collect(Collectors.joining(" "))).isEqualTo(order);
  }

  /** Metrics comes before recover, so the SERVFAIL recover makes of a failure is counted like any reply. */
  @Test
  void aFailureAfterRecoverIsAnsweredServfailAndCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryHandler broken = (r, next) -> {
      throw new IllegalStateException("zone file handler broke");
    };
    QueryPipeline pipeline = QueryPipeline.standard(new QueryPipeline.Parts(new QueryMetrics(registry),
        Optional.empty(), registryZone, Optional.of(broken), Optional.empty()));

    try (CapturedLog log = new CapturedLog(RecoverHandler.class)) {
      DnsReply reply = pipeline.handle(request()).toCompletableFuture().join();

      assertThat(reply.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(log.lines()).singleElement().asString().endsWith("zone file handler broke");
    }
    Counter servfails = registry.find("signpost.dns.queries").tags("rcode", "SERVFAIL").counter();
    assertThat(servfails).isNotNull();
    assertThat(servfails.count()).isEqualTo(1);
  }

  /** Regression: nothing recovered a failure of metrics itself, first in the chain; the query vanished. */
  @Test
  void aQueryWhoseCountingFailsIsStillAnsweredAndTheFailureLogged() throws Exception {
    SimpleMeterRegistry refusing = RefusingMeters.refusingQueryCounters();
    QueryPipeline pipeline = QueryPipeline.standard(parts(new QueryMetrics(refusing), false, true, false));

    try (CapturedLog log = new CapturedLog(MetricsHandler.class)) {
      DnsReply reply = pipeline.handle(request("version.bind.", Type.TXT, DClass.CH)).toCompletableFuture().join();

      assertThat(reply.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.message().getSection(Section.ANSWER)).hasSize(1);
      assertThat(log.lines()).singleElement().asString().startsWith("SEVERE could not count the reply")
          .endsWith("registry closed");
    }
  }

  private QueryPipeline.Parts parts(QueryMetrics metrics, boolean recursion, boolean chaos, boolean files) {
    return new QueryPipeline.Parts(metrics, chaos ? Optional.of("signpost-test") : Optional.empty(), registryZone,
        files ? Optional.of(staticZones) : Optional.empty(),
        recursion ? Optional.of(new QueryPipeline.Recursion(address -> true, forwarder)) : Optional.empty());
  }

  /** What a handler is: those the launcher passes in by identity, those {@code standard} makes by class. */
  private String label(QueryHandler handler) {
    if (handler == staticZones) {
      return "zone-files";
    }
    if (handler == registryZone) {
      return "registry";
    }
    if (handler == forwarder) {
      return "forward";
    }
    return Optional.ofNullable(MADE_BY_STANDARD.get(handler.getClass())).orElse(handler.getClass().getName());
  }
}
