package dev.signpost.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Keeps the client's list current by Consul's blocking queries on {@code GET /v1/health/service/{name}}
 * (without {@code ?passing}, so that instances whose breaker is half-open are seen: {@link HealthJson} drops the
 * others that do not pass): each answer's {@code X-Consul-Index} is the next request's {@code index}, so the
 * server holds the request until the service changes or {@code wait} ends. One daemon thread per client.
 *
 * <p>As Consul's documentation asks of clients: an index that goes backwards (a restored or replaced server)
 * resets to 0, which asks at once for the whole list and a fresh index; an index of 0 never blocks, so the
 * loop waits {@code minInterval} before asking again without one; the request's own timeout allows for the
 * server adding up to {@code wait/16} of jitter.
 *
 * <p>On a failure (no connection, a timeout, a status other than 200, an answer that is not a service list)
 * the list stays as it was (the last good one), the next server is tried after an exponential backoff with
 * jitter, and the first request after that starts over at index 0. With DNS configured, each failure also asks
 * DNS for the SRV records, whose instances then stand in until the HTTP API answers again.
 */
final class HealthWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HealthWatcher.class.getName());

  /** The current list's new value and where it came from. */
  interface Sink {
    void update(List<ServiceInstance> instances, Source source);

    Source source();
  }

  private final HttpClient http;
  private final Servers servers;
  private final Optional<String> token;
  private final ObjectMapper mapper;
  private final String service;
  private final Optional<String> tag;
  private final Duration wait;
  private final Duration requestTimeout;
  /** The longest health answer read; a longer one fails like an unreachable server (the last list stays). */
  private final long maxAnswerBytes;
  private final Backoff backoff;
  private final Duration minInterval;
  private final Optional<SrvResolver> dns;
  private final String clientZone;
  private final Optional<CacheFile> cache;
  private final Sink sink;
  private final ClientMetrics metrics;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final LongSupplier nanoTime;
  private final Thread thread;
  private volatile boolean closed;
  private List<ServiceInstance> cached;

  HealthWatcher(HttpClient http, Servers servers, Optional<String> token, ObjectMapper mapper, String service,
      Optional<String> tag, Duration wait, Duration requestTimeout, long maxAnswerBytes, Backoff backoff,
      Duration minInterval,
      Optional<SrvResolver> dns, String clientZone, Optional<CacheFile> cache, Sink sink, ClientMetrics metrics,
      Sleeper sleeper, Supplier<RandomGenerator> random, LongSupplier nanoTime) {
    this.http = http;
    this.servers = servers;
    this.token = token;
    this.mapper = mapper;
    this.service = service;
    this.tag = tag;
    this.wait = wait;
    this.requestTimeout = requestTimeout;
    this.maxAnswerBytes = maxAnswerBytes;
    this.backoff = backoff;
    this.minInterval = minInterval;
    this.dns = dns;
    this.clientZone = clientZone;
    this.cache = cache;
    this.sink = sink;
    this.metrics = metrics;
    this.sleeper = sleeper;
    this.random = random;
    this.nanoTime = nanoTime;
    this.thread = new DaemonThreads("signpost-watch-" + service).newThread(this::run);
  }

  void start() {
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(requestTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long index = 0;
    int failures = 0;
    try {
      while (!closed) {
        URI server = servers.current();
        long started = nanoTime.getAsLong();
        Answer answer;
        try {
          answer = fetch(server, index);
        } catch (IOException e) {
          failures++;
          failed(server, e, failures);
          index = 0; // whichever server answers next, start from its whole list
          sleeper.sleep(backoff.delay(failures, random.get()));
          continue;
        }
        if (failures > 0) {
          LOG.log(Level.INFO, "Signpost client: watching service {0} at {1} again", service, server);
          failures = 0;
        }
        long next = answer.index().orElse(0);
        // Consul's rules: an index that goes backwards starts over; 0 never blocks.
        index = next < index ? 0 : next;
        sink.update(answer.instances(), Source.SERVER);
        if (cache.isPresent() && !answer.instances().equals(cached)) {
          cache.get().write(answer.instances());
          cached = answer.instances();
        }
        if (index <= 0) {
          Duration spent = Duration.ofNanos(nanoTime.getAsLong() - started);
          sleeper.sleep(minInterval.minus(spent));
        }
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  private void failed(URI server, IOException e, int failures) throws InterruptedException {
    metrics.watchFailed(service);
    servers.failed(server);
    if (failures == 1) {
      LOG.log(Level.WARNING, "Signpost client: cannot watch service {0} at {1} ({2}); keeping the list from {3}"
          + " and trying again with backoff", service, server, describe(e), sink.source());
    } else {
      LOG.log(Level.DEBUG, "Signpost client: watch of service {0} at {1} failed again: {2}", service, server,
          describe(e));
    }
    if (dns.isEmpty() || closed) {
      return;
    }
    try {
      List<ServiceInstance> found = dns.get().resolve(clientZone);
      if (!found.isEmpty() || sink.source() == Source.NONE) {
        if (sink.source() != Source.DNS) {
          LOG.log(Level.INFO, "Signpost client: using the {0} SRV records of {1} for service {2} until the HTTP API"
              + " answers", found.size(), dns.get().name(), service);
        }
        sink.update(found, Source.DNS);
      }
    } catch (IOException dnsFailure) {
      LOG.log(failures == 1 ? Level.WARNING : Level.DEBUG, "Signpost client: DNS fallback for service {0}"
          + " failed too ({1})", service, describe(dnsFailure));
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** One request: a blocking one when {@code index} > 0. */
  private Answer fetch(URI server, long index) throws IOException, InterruptedException {
    List<String> query = new ArrayList<>();
    tag.ifPresent(t -> query.add("tag=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
    Duration timeout = requestTimeout;
    if (index > 0) {
      query.add("index=" + index);
      query.add("wait=" + goDuration(wait));
      // The server may add up to wait/16 to spread its answers out.
      timeout = timeout.plus(wait).plus(wait.dividedBy(16));
    }
    String path = "/v1/health/service/" + URLEncoder.encode(service, StandardCharsets.UTF_8)
        + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest.Builder request = HttpRequest.newBuilder(Servers.at(server, path)).timeout(timeout)
        .header("Accept", "application/json").GET();
    token.ifPresent(t -> request.header("X-Consul-Token", t));
    HttpResponse<byte[]> response = http.send(request.build(), BoundedBody.atMost(maxAnswerBytes));
    if (response.statusCode() != 200) {
      String body = new String(response.body(), StandardCharsets.UTF_8).strip();
      throw new IOException("status " + response.statusCode() + (body.isEmpty() ? "" : ": " + abbreviate(body)));
    }
    OptionalLong at = OptionalLong.empty();
    Optional<String> header = response.headers().firstValue("X-Consul-Index");
    if (header.isPresent()) {
      try {
        at = OptionalLong.of(Long.parseLong(header.get().trim()));
      } catch (NumberFormatException e) {
        throw new IOException("X-Consul-Index is not a number: " + abbreviate(header.get()));
      }
    }
    return new Answer(HealthJson.parse(mapper, response.body()), at);
  }

  /** {@code 60s}, or {@code 1500ms} when not whole seconds: what Consul's {@code wait} takes. */
  static String goDuration(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** The exception's message, or its type when it has none (a refused connection has none). */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isEmpty() ? e.getClass().getName() : message;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private record Answer(List<ServiceInstance> instances, OptionalLong index) {}
}
