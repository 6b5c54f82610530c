package dev.signpost.dns;

import dev.signpost.bench.Cursor;
import dev.signpost.bench.QueryFixture;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.dns.wire.WireQuery;
import dev.signpost.dns.wire.WireReplies;
import dev.signpost.zones.AnswerPlan;
import dev.signpost.zones.DnsWire;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.QueryName;
import java.io.IOException;
import java.util.Arrays;
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
import org.xbill.DNS.Type;

/**
 * Encode: the registry's answer to a parsed query, as bytes to send. One plan ({@code RegistryZone.plan}:
 * lookup and order), written straight into bytes ({@link WireReplies#answer}) against the same plan written as
 * records ({@code RegistryZone.lookup}, {@link ReplyMessages#authoritative}, {@code Message.toWire}); and
 * dnsjava's {@code toWire} alone, over replies built beforehand. Both include the lookup and the ordering.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {

  @Param({"100", "10000"})
  public int services;

  @Param({"A", "SRV"})
  public String qtype;

  private QueryFixture fixture;
  /** Common queries kept as bytes: what the fast path is given. */
  private DnsRequest[] wireRequests;
  /** The same queries parsed by dnsjava: what the general path is given. */
  private DnsRequest[] parsedRequests;
  private Message[] replies;

  @Setup
  public void setUp() throws IOException {
    fixture = QueryFixture.start(services);
    int type = Type.value(qtype);
    int[] order = QueryFixture.shuffled(services);
    wireRequests = new DnsRequest[services];
    parsedRequests = new DnsRequest[services];
    replies = new Message[services];
    for (int i = 0; i < services; i++) {
      byte[] query = QueryFixture.query(order[i], type, false);
      wireRequests[i] = DnsRequest.of(WireQuery.parse(query), QueryFixture.SOURCE, Transport.UDP);
      parsedRequests[i] = new DnsRequest(new Message(query), QueryFixture.SOURCE, Transport.UDP);
      replies[i] = general(parsedRequests[i]);
      byte[] fast = encoded(wireRequests[i]);
      // The same records and size (not the same bytes: round robin turns between the two calls).
      byte[] slow = replies[i].toWire(512);
      if (fast == null || fast.length != slow.length || !Arrays.equals(fast, 4, 12, slow, 4, 12)) {
        throw new IllegalStateException("the two paths give different answers for " + QueryFixture.service(order[i]));
      }
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] encodedReply(Cursor cursor) {
    return encoded(wireRequests[cursor.next(wireRequests.length)]);
  }

  /** What the registry zone's handler does with a query kept as bytes; null when it would not use bytes. */
  private byte[] encoded(DnsRequest request) {
    WireQuery wire = request.wire();
    QueryName name = QueryName.inWire(wire.wire(), DnsWire.HEADER_LENGTH, wire.nameEnd());
    return fixture.zone.plan(name, request.qtype(), fixture.client) instanceof AnswerPlan plan
        ? WireReplies.answer(wire, request.maxReplySize(), plan, fixture.zone.wireRenderer()).orElse(null)
        : null;
  }

  @Benchmark
  public byte[] dnsjavaReply(Cursor cursor) {
    DnsRequest request = parsedRequests[cursor.next(parsedRequests.length)];
    return general(request).toWire(request.maxReplySize());
  }

  /** dnsjava's encoding alone, of replies built beforehand. */
  @Benchmark
  public byte[] dnsjavaToWire(Cursor cursor) {
    return replies[cursor.next(replies.length)].toWire(512);
  }

  private Message general(DnsRequest request) {
    LookupResult.Records a = (LookupResult.Records) fixture.zone.lookup(request.question().getName(),
        request.qtype(), fixture.client);
    return ReplyMessages.authoritative(request.query(), a.rcode(), a.answer(), a.authority(), a.additional());
  }
}
