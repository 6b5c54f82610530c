package dev.signpost.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells Signpost how calls to its instances went ({@code PUT /v1/signpost/instance/{id}/outcomes}), so the server's
 * passive health sees what every client sees. Callers only queue; one daemon thread sends, every {@code interval}, as
 * soon as {@code batch} outcomes wait, or at once when the client's breaker for an instance opens, one request per
 * instance of at most {@code batch} outcomes, oldest first. The queue is bounded: when it is full the oldest outcome is
 * dropped and counted.
 *
 * <p>Best effort: a batch the server does not take is dropped, never retried (outcomes are worth little
 * late). A server that does not know the endpoint (404 for the path, 405: an older Signpost, or Consul) turns
 * reporting off for good with one log line; a 404 naming the instance only drops that instance's batch (it
 * left the registry).
 */
final class OutcomeReporter implements CallRunner.OutcomeSink, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(OutcomeReporter.class.getName());

  /** Signpost's 404 for an instance it does not have, as opposed to a path it does not serve. */
  static final String UNKNOWN_INSTANCE = "Unknown service ID";
  /** The server's reply to a report is a few hundred bytes; more than this is not read. */
  private static final long MAX_REPLY_BYTES = 64 * 1024;

  private final HttpClient http;
  private final Servers servers;
  private final String token;
  private final ObjectMapper mapper;
  private final String service;
  private final ClientMetrics metrics;
  private final int capacity;
  private final int batch;
  private final Duration interval;
  private final Duration requestTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition due = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Thread thread;
  private long dropped;
  private boolean closed;
  /** Whether {@link #sendNow} asked for a send the thread has not started yet. */
  private boolean urgent;
  private volatile boolean disabled;
  private boolean failing;

  OutcomeReporter(HttpClient http, Servers servers, String token, ObjectMapper mapper, String service,
      ClientMetrics metrics, int capacity, int batch, Duration interval, Duration requestTimeout) {
    this.http = http;
    this.servers = servers;
    this.token = token;
    this.mapper = mapper;
    this.service = service;
    this.metrics = metrics;
    this.capacity = capacity;
    this.batch = batch;
    this.interval = interval;
    this.requestTimeout = requestTimeout;
    this.thread = new DaemonThreads("signpost-outcomes-" + service).newThread(this::run);
  }

  void start() {
    thread.start();
  }

  /** Queues one attempt's outcome; never blocks on the network. */
  @Override
  public void report(String instanceId, boolean success, Duration elapsed, int status) {
    if (disabled) {
      return;
    }
    Pending p = new Pending(instanceId, new OutcomeJson(success, elapsed.toMillis(), status > 0 ? status : null));
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        queue.pollFirst();
        drop(1);
      }
      queue.addLast(p);
      if (queue.size() >= batch) {
        due.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends what is queued now rather than at the next interval: the client's breaker for an instance just
   * opened, and every other caller of it, over DNS too, is better off when the server's opens as soon.
   */
  @Override
  public void sendNow() {
    lock.lock();
    try {
      urgent = true;
      due.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Outcomes dropped so far: the queue was full, or the server did not take them. */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Whether reporting was turned off because the server does not know the endpoint. */
  boolean disabled() {
    return disabled;
  }

  /** Sends what is queued (best effort) and stops the thread. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      due.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(requestTimeout.toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }

  private void run() {
    try {
      boolean last = false;
      while (!last) {
        List<Pending> taken;
        lock.lock();
        try {
          if (!closed && !urgent && queue.size() < batch) {
            due.await(interval.toNanos(), TimeUnit.NANOSECONDS);
          }
          urgent = false;
          last = closed;
          taken = new ArrayList<>(queue);
          queue.clear();
        } finally {
          lock.unlock();
        }
        send(taken);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: what is left is dropped
    }
  }

  /** One request per instance and chunk of {@code batch}, in the order the outcomes came. */
  private void send(List<Pending> taken) throws InterruptedException {
    Map<String, List<OutcomeJson>> byInstance = new LinkedHashMap<>();
    for (Pending p : taken) {
      byInstance.computeIfAbsent(p.instanceId(), id -> new ArrayList<>()).add(p.outcome());
    }
    for (Map.Entry<String, List<OutcomeJson>> e : byInstance.entrySet()) {
      List<OutcomeJson> all = e.getValue();
      for (int from = 0; from < all.size(); from += batch) {
        List<OutcomeJson> chunk = all.subList(from, Math.min(all.size(), from + batch));
        if (disabled) {
          drop(chunk.size());
        } else {
          put(e.getKey(), chunk);
        }
      }
    }
  }

  private void put(String instanceId, List<OutcomeJson> outcomes) throws InterruptedException {
    URI server = servers.current();
    String path = "/v1/signpost/instance/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8).replace("+", "%20")
        + "/outcomes";
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(Servers.at(server, path)).timeout(requestTimeout)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(outcomes)));
      if (token != null) {
        request.header("X-Consul-Token", token);
      }
      HttpResponse<byte[]> answer = http.send(request.build(), BoundedBody.atMost(MAX_REPLY_BYTES));
      String body = new String(answer.body(), StandardCharsets.UTF_8);
      int status = answer.statusCode();
      if (status / 100 == 2) {
        failing = false;
        return;
      }
      drop(outcomes.size());
      if (status == 405 || status == 404 && !body.contains(UNKNOWN_INSTANCE)) {
        disabled = true;
        LOG.log(Level.INFO, "Signpost client: {0} does not take outcome reports ({1} on PUT {2}); reporting is off",
            server, status, path);
      } else if (status != 404) {
        failed(server + " refused outcome reports with status " + status + ": " + body.strip());
      }
    } catch (IOException e) {
      drop(outcomes.size());
      failed("cannot send outcome reports to " + server + ": " + e);
    }
  }

  /** Logs the first failure of a run of failures, not each. */
  private void failed(String why) {
    if (!failing) {
      failing = true;
      LOG.log(Level.WARNING, "Signpost client: {0}; dropping reports until it works again", why);
    }
  }

  private void drop(long n) {
    lock.lock();
    try {
      dropped += n;
    } finally {
      lock.unlock();
    }
    metrics.outcomesDropped(service, n);
  }

  private record Pending(String instanceId, OutcomeJson outcome) {}

  /** One call as the endpoint takes it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OutcomeJson(@JsonProperty("Success") boolean success, @JsonProperty("LatencyMs") long latencyMs,
      @JsonProperty("Code") Integer code) {}
}
