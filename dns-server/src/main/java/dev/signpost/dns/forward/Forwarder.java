package dev.signpost.dns.forward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signpost.core.TimeSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Resolves names we are not authoritative for through upstream resolvers, in order, with a cache that
 * honours TTLs (RFC 1035) and negative answers (RFC 2308). Identical questions asked while one is in
 * flight share its upstream query, so a burst of one name sends one packet.
 *
 * <p>Threading: {@link #resolve} may be called from any thread and never blocks; its stages complete on
 * the client's event loop, or at once for a cache hit. Closing the forwarder closes its client.
 */
public final class Forwarder implements AutoCloseable {

  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** How long an upstream that timed out or failed is tried last. */
  static final Duration PENALTY = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());

  private final UpstreamOrder upstreams;
  private final UpstreamClient client;
  private final TimeSource time;
  private final Cache<CacheKey, CachedAnswer> cache;
  private final ConcurrentHashMap<CacheKey, CompletableFuture<Message>> inFlight = new ConcurrentHashMap<>();
  private final Counter forwarded;
  private final Counter cacheHits;
  private final Counter upstreamFailures;

  /** A forwarder with a cache of {@link #DEFAULT_MAX_ENTRIES} answers on the system's time. */
  public Forwarder(List<Upstream> upstreams, UpstreamClient client, MeterRegistry meters) {
    this(upstreams, client, meters, DEFAULT_MAX_ENTRIES, TimeSource.system());
  }

  /**
   * @param upstreams tried in this order; at least one
   * @param client sends the queries; the forwarder closes it
   * @param meters where the forwarder's counters go
   * @param maxEntries at most this many answers are cached (0 caches nothing)
   * @param time the clock of the cache (its {@link TimeSource#nanoTime} is Caffeine's ticker) and of the
   *     upstreams' time at the back of the order
   */
  public Forwarder(List<Upstream> upstreams, UpstreamClient client, MeterRegistry meters, int maxEntries,
      TimeSource time) {
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("a forwarder needs at least one upstream");
    }
    if (maxEntries < 0) {
      throw new IllegalArgumentException("the cache size must not be negative, not " + maxEntries);
    }
    this.upstreams = new UpstreamOrder(upstreams, time, PENALTY.toNanos());
    this.client = client;
    this.time = time;
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfter(new CachedAnswer.Lifetime())
        .ticker(time::nanoTime).build();
    this.forwarded = Counter.builder("signpost.dns.forward.queries")
        .description("questions sent upstream because the cache could not answer them").register(meters);
    this.cacheHits = Counter.builder("signpost.dns.forward.cache.hits")
        .description("questions answered from the forwarder's cache").register(meters);
    this.upstreamFailures = Counter.builder("signpost.dns.forward.upstream.failures")
        .description("upstream attempts that timed out, failed, or answered SERVFAIL or REFUSED")
        .register(meters);
    Gauge.builder("signpost.dns.forward.cache.entries", cache, Cache::estimatedSize)
        .description("answers in the forwarder's cache").register(meters);
  }

  /**
   * The answer to {@code question}: from the cache while it is fresh (TTLs lowered by its age), else
   * from the first upstream that answers. Never fails: when no upstream answers it completes with a
   * SERVFAIL message.
   *
   * @param dnssecOk whether the client set EDNS's DO bit; answers with and without DNSSEC records are
   *     cached apart
   * @return a message of the caller's own, which it may change
   */
  public CompletionStage<Message> resolve(Record question, boolean dnssecOk) {
    CacheKey key = CacheKey.of(question, dnssecOk);
    CachedAnswer cached = cache.getIfPresent(key);
    if (cached != null) {
      cacheHits.increment();
      return CompletableFuture.completedFuture(cached.aged(time.nanoTime()));
    }
    CompletableFuture<Message> mine = new CompletableFuture<>();
    CompletableFuture<Message> shared = inFlight.putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      forwarded.increment();
      // Started outside putIfAbsent: the query may complete at once and must then remove itself.
      ask(question, dnssecOk, upstreams.current(), 0).whenComplete((answer, failure) -> {
        Message result = failure == null ? answer : serverFailure(question);
        if (failure != null) {
          LOG.log(Level.WARNING, "forwarding " + question + " failed unexpectedly", failure);
        }
        remember(key, result);
        inFlight.remove(key, mine);
        mine.complete(result);
      });
    }
    return shared.thenApply(Message::clone);
  }

  private CompletableFuture<Message> ask(Record question, boolean dnssecOk, List<Upstream> order, int index) {
    if (index == order.size()) {
      return CompletableFuture.completedFuture(serverFailure(question));
    }
    Upstream upstream = order.get(index);
    CompletionStage<Message> attempt;
    try {
      attempt = client.query(upstream, question, dnssecOk);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return attempt.handle((answer, failure) -> {
      if (failure == null && !gaveUp(answer)) {
        upstreams.answered(upstream);
        return CompletableFuture.completedFuture(answer);
      }
      upstreamFailures.increment();
      if (failure != null) {
        upstreams.failed(upstream);
        LOG.log(Level.DEBUG, () -> "upstream " + upstream + " failed for " + question.getName() + ": " + failure);
      }
      return ask(question, dnssecOk, order, index + 1);
    }).thenCompose(Function.identity()).toCompletableFuture();
  }

  /**
   * SERVFAIL and REFUSED say this upstream cannot help with this question (it may be broken for this
   * name, or not serve us): another upstream may. Unlike a timeout it answered, so it keeps its place.
   */
  private static boolean gaveUp(Message answer) {
    int rcode = answer.getRcode();
    return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED;
  }

  private void remember(CacheKey key, Message answer) {
    long seconds = AnswerLifetime.seconds(answer);
    if (seconds > 0) {
      cache.put(key, new CachedAnswer(answer, time.nanoTime(), TimeUnit.SECONDS.toNanos(seconds)));
    }
  }

  private static Message serverFailure(Record question) {
    Message failure = new Message();
    failure.getHeader().setFlag(Flags.QR);
    failure.getHeader().setRcode(Rcode.SERVFAIL);
    failure.addRecord(question, Section.QUESTION);
    return failure;
  }

  /** Closes the client: queries still in flight complete with SERVFAIL. */
  @Override
  public void close() {
    client.close();
  }
}
