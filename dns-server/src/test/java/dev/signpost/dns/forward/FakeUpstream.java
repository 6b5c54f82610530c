package dev.signpost.dns.forward;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.transport.DnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.Message;

/** A real DNS server on loopback, port 0, whose answers a test decides; it counts what it is asked. */
final class FakeUpstream implements AutoCloseable {

  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final List<DnsRequest> seen = new CopyOnWriteArrayList<>();
  private final DnsServer server;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private FakeUpstream(Function<DnsRequest, CompletionStage<Message>> answers) {
    QueryHandler handler = (request, next) -> {
      (request.transport() == Transport.TCP ? tcpQueries : udpQueries).incrementAndGet();
      seen.add(request);
      return answers.apply(request).thenApply(DnsReply::of);
    };
    server = DnsServer.start(InetAddress.getLoopbackAddress(), 0, new QueryPipeline(List.of(handler)));
  }

  static FakeUpstream answering(Function<DnsRequest, Message> answer) {
    return new FakeUpstream(r -> CompletableFuture.completedFuture(answer.apply(r)));
  }

  /** Answers each query when the test completes the stage it returns. */
  static FakeUpstream answeringLater(Function<DnsRequest, CompletionStage<Message>> answer) {
    return new FakeUpstream(answer);
  }

  /** Reads every query and never answers. */
  static FakeUpstream silent() {
    return new FakeUpstream(r -> new CompletableFuture<>());
  }

  Upstream upstream() {
    InetSocketAddress a = server.address();
    return new Upstream(a.getAddress(), a.getPort());
  }

  int queries() {
    return udpQueries.get() + tcpQueries.get();
  }

  int tcpQueries() {
    return tcpQueries.get();
  }

  DnsRequest lastQuery() {
    return seen.get(seen.size() - 1);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
    }
  }
}
