package dev.signpost.dns.transport;

import dev.signpost.bench.Cursor;
import dev.signpost.bench.QueryFixture;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.handlers.RegistryZoneHandler;
import dev.signpost.dns.metrics.QueryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The whole query path without sockets: a datagram's bytes in, the reply's bytes out, through the transports'
 * {@link QueryResponder} (decode, then {@link QueryPipeline#standard} wired as the launcher wires it with its
 * default options: metrics on a Prometheus registry, no CHAOS, no zone files, no forwarder). Also the same
 * pipeline given a query parsed by dnsjava, the path every query took before the fast one. In package
 * dev.signpost.dns.transport to reach QueryResponder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {

  @Param({"100", "10000"})
  public int services;

  @Param({"A", "SRV"})
  public String qtype;

  private QueryFixture fixture;
  private QueryPipeline pipeline;
  private QueryResponder responder;
  private byte[][] queries;

  @Setup
  public void setUp() throws IOException {
    fixture = QueryFixture.start(services);
    pipeline = QueryPipeline.standard(new QueryPipeline.Parts(
        new QueryMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), Optional.empty(),
        new RegistryZoneHandler(fixture.zone, ClientZones.NONE), Optional.empty(), Optional.empty()));
    responder = new QueryResponder(pipeline);
    int type = Type.value(qtype);
    int[] order = QueryFixture.shuffled(services);
    queries = new byte[services][];
    for (int i = 0; i < services; i++) {
      queries[i] = QueryFixture.query(order[i], type, false);
      byte[][] sent = new byte[1][];
      responder.respond(queries[i], QueryFixture.SOURCE, Transport.UDP, reply -> sent[0] = reply);
      Message reply = new Message(sent[0]);
      if (reply.getRcode() != Rcode.NOERROR || reply.getSection(1).size() != QueryFixture.INSTANCES) {
        throw new IllegalStateException("unexpected reply to " + QueryFixture.service(order[i]) + ": " + reply);
      }
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** Bytes to bytes as the transports do it: the common query takes the fast parser and encoder. */
  @Benchmark
  public byte[] respond(Cursor cursor, Sink sink) {
    responder.respond(queries[cursor.next(queries.length)], QueryFixture.SOURCE, Transport.UDP, sink);
    return sink.sent;
  }

  /** Bytes to bytes with the query parsed by dnsjava: the registry then answers through its general lookup. */
  @Benchmark
  public byte[] dnsjavaQuery(Cursor cursor) throws IOException {
    DnsRequest request = new DnsRequest(new Message(queries[cursor.next(queries.length)]), QueryFixture.SOURCE,
        Transport.UDP);
    DnsReply reply = pipeline.handle(request).toCompletableFuture().join();
    return reply.toWire(request.maxReplySize());
  }

  /** Where {@code respond} sends its reply: one per thread, made once, so sending allocates nothing here. */
  @State(Scope.Thread)
  public static class Sink implements QueryResponder.Sink {

    byte[] sent;

    @Override
    public void send(byte[] reply) {
      sent = reply;
    }
  }
}
