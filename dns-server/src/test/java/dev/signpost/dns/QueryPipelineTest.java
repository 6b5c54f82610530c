package dev.signpost.dns;

import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.handlers.RecoverHandler;
import dev.signpost.dns.handlers.RefuseHandler;
import dev.signpost.dns.handlers.WireRulesHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryPipelineTest {

  private static DnsRequest request() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("web.service.local."), Type.A, DClass.IN));
    return new DnsRequest(q, new InetSocketAddress("127.0.0.1", 5353), Transport.UDP);
  }

  private static int rcode(QueryPipeline p) throws Exception {
    return p.handle(request()).toCompletableFuture().join().message().getRcode();
  }

  @Test
  void aHandlerThatThrowsBecomesServfail() throws Exception {
    QueryHandler broken = (r, next) -> {
      throw new IllegalStateException("boom");
    };
    assertThat(rcode(new QueryPipeline(List.of(new RecoverHandler(), broken)))).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void aFailedStageBecomesServfail() throws Exception {
    QueryHandler failing = (r, next) -> CompletableFuture.failedFuture(new IllegalStateException("late boom"));
    assertThat(rcode(new QueryPipeline(List.of(new RecoverHandler(), failing)))).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void handlersRunInDeclaredOrderAndTheLastAnswers() throws Exception {
    StringBuilder seen = new StringBuilder();
    QueryHandler a = (r, next) -> {
      seen.append('a');
      return next.proceed(r);
    };
    QueryHandler b = (r, next) -> {
      seen.append('b');
      return next.proceed(r);
    };
    assertThat(rcode(new QueryPipeline(List.of(a, b, new RefuseHandler())))).isEqualTo(Rcode.REFUSED);
    assertThat(seen).hasToString("ab");
  }

  @Test
  void aLastHandlerThatPassesOnIsAnError() {
    QueryHandler passer = (r, next) -> next.proceed(r);
    assertThatThrownBy(() -> new QueryPipeline(List.of(passer)).handle(request()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void wireRulesAnswerOtherClassesBeforeAnyZone() throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    DnsRequest chaos = new DnsRequest(q, new InetSocketAddress("127.0.0.1", 5353), Transport.UDP);
    QueryHandler zone = (r, next) -> {
      throw new AssertionError("the zone must not see a CH query");
    };
    Message reply = new QueryPipeline(List.of(new WireRulesHandler(), zone)).handle(chaos)
        .toCompletableFuture().join().message();
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
  }
}
