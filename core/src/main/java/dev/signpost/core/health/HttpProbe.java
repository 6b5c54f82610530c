package dev.signpost.core.health;

import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.health.http.HttpAnswer;
import dev.signpost.core.health.http.HttpCall;
import dev.signpost.core.health.http.KeepAliveClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * An HTTP check, as Consul runs it: {@code Method} (GET by default) with the check's headers; 2xx is
 * passing, 429 warning, anything else, a refused connection or a timeout critical. The output is
 * {@code HTTP GET <url>: 200 OK Output: <body>}, the body cut at 4 KiB.
 *
 * <p>{@code http://} checks go through {@link KeepAliveClient}: one selector thread for all of them,
 * connections kept alive from one check to the next. {@code https://} checks, and an {@code http://}
 * check redirected to {@code https://}, go through the JDK's HTTP client, which does TLS (with its own
 * selector thread, started on the first such check, and one more for {@code TLSSkipVerify}).
 *
 * <p>Redirects are followed here, hop by hop, as the JDK's client does with {@code Redirect.NORMAL}: 301,
 * 302, 303, 307 and 308 with a {@code Location}, never from https to http, at most 4 in a row (the 5th
 * answer is the result); 303 and a POST's 301 or 302 continue with GET. Every hop's address passes the
 * {@link CheckTargets} policy before anything connects to it; a refused hop makes the check critical.
 * With {@code DisableRedirects} the first answer is the result, as in Consul: a 3xx is critical.
 */
final class HttpProbe implements AutoCloseable {

  static final String USER_AGENT = "Signpost Health Check";
  static final int BODY_LIMIT = 4096;
  /** The JDK's client (jdk.httpclient.redirects.retrylimit = 5) follows 4 and answers with the 5th. */
  static final int MAX_REDIRECTS = 4;
  /**
   * How long a connection may wait for its next check: above the usual intervals (10 s, 30 s), below the
   * idle timeouts of most servers and middleboxes that drop idle flows without a word.
   */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final Executor workers;
  private final CheckTargets targets;
  private final KeepAliveClient plain;
  /** Built when an https check first runs: each owns a selector thread. */
  private HttpClient verifying;
  private HttpClient trusting;

  HttpProbe(Executor workers, ProbeLimits limits, CheckTargets targets) {
    this.workers = workers;
    this.targets = targets;
    this.plain = KeepAliveClient.start(limits.perTarget(), limits.total(), IDLE_TIMEOUT, workers, targets::admit);
  }

  /**
   * Completes with the check's state; cancelling the returned future aborts the request and closes its
   * connection. The check's timeout covers the whole run, redirects included.
   */
  CompletableFuture<ProbeResult> run(CheckSpec check) {
    String prefix = ProbeTarget.describe(check) + ": ";
    List<Map.Entry<String, String>> headers;
    try {
      headers = headers(check);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(ProbeResult.of(critical(prefix + e.getMessage())));
    }
    Run run = new Run(check, prefix, headers);
    run.go(URI.create(check.http()), check.method().isEmpty() ? "GET" : check.method(),
        check.disableRedirects() ? 0 : MAX_REDIRECTS);
    return run.result;
  }

  @Override
  public void close() {
    plain.close();
  }

  /** The check's headers, and User-Agent and Accept unless it sets them; refuses one that cannot be sent. */
  private static List<Map.Entry<String, String>> headers(CheckSpec check) {
    List<Map.Entry<String, String>> out = new ArrayList<>(check.header().size() + 2);
    boolean agent = false;
    boolean accept = false;
    for (Map.Entry<String, List<String>> h : check.header().entrySet()) {
      agent |= h.getKey().equalsIgnoreCase("User-Agent");
      accept |= h.getKey().equalsIgnoreCase("Accept");
      for (String value : h.getValue()) {
        try {
          HttpCall.requireSendable(h.getKey(), value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("header " + h.getKey() + " cannot be sent: " + e.getMessage(), e);
        }
        out.add(Map.entry(h.getKey(), value));
      }
    }
    if (!agent) {
      out.add(Map.entry("User-Agent", USER_AGENT));
    }
    if (!accept) {
      out.add(Map.entry("Accept", "text/plain, text/*, */*"));
    }
    return out;
  }

  /** One run of a check: a request, and the redirects it follows. */
  private final class Run {
    final CheckSpec check;
    final String prefix;
    final List<Map.Entry<String, String>> headers;
    final long deadline;
    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    /** The request in flight, cancelled when the run is. */
    volatile Future<?> current;

    Run(CheckSpec check, String prefix, List<Map.Entry<String, String>> headers) {
      this.check = check;
      this.prefix = prefix;
      this.headers = headers;
      this.deadline = System.nanoTime() + check.effectiveTimeout().toNanos();
      result.whenComplete((r, e) -> {
        Future<?> request = current;
        if (request != null) {
          request.cancel(true); // a no-op once answered; else frees the connection
        }
      });
    }

    void go(URI uri, String method, int redirectsLeft) {
      if (uri.getScheme().equalsIgnoreCase("https")) {
        try {
          workers.execute(() -> tls(uri, method, redirectsLeft)); // resolving a name blocks
        } catch (RejectedExecutionException e) {
          failed(new IOException("the health probes are closed", e));
        }
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        failed(new TimeoutException("timed out"));
        return;
      }
      // The client resolves the host, asks the policy and connects to exactly the address it admitted.
      CompletableFuture<HttpAnswer> sent = plain.send(new HttpCall(method, uri, headers, Duration.ofNanos(left),
          BODY_LIMIT));
      track(sent);
      sent.whenComplete((answer, error) -> {
        if (error != null) {
          failed(error);
        } else {
          answered(uri, method, redirectsLeft, answer.status(), answer.location(), answer.body());
        }
      });
    }

    /** The answer is the result, or a redirect to follow: the next hop is judged by the policy again. */
    private void answered(URI uri, String method, int redirectsLeft, int status, Optional<String> location,
        String body) {
      if (redirectsLeft == 0 || !Redirects.followed(status)) {
        result.complete(classify(prefix, status, body));
        return;
      }
      URI next;
      try {
        next = Redirects.target(uri, location);
      } catch (IOException e) {
        failed(e);
        return;
      }
      if (next == null) {
        result.complete(classify(prefix, status, body));
      } else {
        go(next, Redirects.method(status, method), redirectsLeft - 1);
      }
    }

    /**
     * Through the JDK's client, on a worker: the host is resolved and judged here first, then the client
     * sends with redirects off, and {@link #answered} follows them hop by hop. The JDK's client resolves a
     * host name again itself (it cannot be handed an address for a name and keep TLS's name checks), so
     * for an https URL with a host name a DNS answer that changes between the two lookups is not seen by
     * the policy; a literal IP is connected to as judged.
     */
    void tls(URI uri, String method, int redirectsLeft) {
      if (result.isDone()) {
        return; // given up while waiting for a worker
      }
      try {
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Optional<InetAddress> literal = Addresses.ip(bare);
        InetAddress ip = literal.isPresent() ? literal.get() : InetAddress.getByName(bare);
        targets.admit(new InetSocketAddress(ip, uri.getPort() >= 0 ? uri.getPort() : 443));
      } catch (IOException e) {
        failed(e);
        return;
      }
      HttpRequest request;
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
            .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
            .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(h -> b.header(h.getKey(), h.getValue()));
        request = b.build();
      } catch (IllegalArgumentException e) {
        result.complete(ProbeResult.of(critical(prefix + e.getMessage())));
        return;
      }
      CompletableFuture<HttpResponse<String>> sent = jdkClient(check.tlsSkipVerify())
          .sendAsync(request, info -> LimitedBody.subscriber(BODY_LIMIT));
      track(sent);
      sent.whenComplete((response, error) -> {
        if (error == null) {
          answered(uri, method, redirectsLeft, response.statusCode(), response.headers().firstValue("Location"),
              response.body());
        } else {
          failed(error);
        }
      });
    }

    private void track(Future<?> request) {
      current = request;
      if (result.isDone()) {
        request.cancel(true); // the run was cancelled as this request started
      }
    }

    private void failed(Throwable error) {
      result.complete(ProbeResult.of(critical(prefix + ProbeFailures.describe(error, check.effectiveTimeout()))));
    }
  }

  private synchronized HttpClient jdkClient(boolean skipVerify) {
    if (verifying == null && trusting == null && ForkJoinPool.getCommonPoolParallelism() < 2) {
      // HttpClient.sendAsync completes its future on CompletableFuture's default executor, which is a new
      // thread per task when the common pool has fewer than 2 threads (JVMs with fewer than 3 CPUs).
      System.getLogger(HealthEngine.class.getName()).log(System.Logger.Level.INFO, "each https check starts a"
          + " thread in the JDK's HTTP client on this JVM (fewer than 3 CPUs), which triples its CPU cost; start"
          + " the JVM with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 to avoid that");
    }
    if (skipVerify) {
      if (trusting == null) {
        trusting = jdkClient(TrustEverything.context());
      }
      return trusting;
    }
    if (verifying == null) {
      verifying = jdkClient((SSLContext) null);
    }
    return verifying;
  }

  private HttpClient jdkClient(SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .executor(workers)
        // HTTP/1.1: no h2c upgrade header, which some health endpoints answer badly.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER); // followed by Run, every hop judged
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }

  private static ProbeResult classify(String prefix, int code, String body) {
    String output = prefix + code + " " + ReasonPhrases.of(code) + " Output: " + body;
    HealthStatus status = code >= 200 && code <= 299 ? HealthStatus.PASSING
        : code == 429 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
    return new ProbeResult(new CheckState(status, output), LoadField.find(body));
  }

  private static CheckState critical(String output) {
    return new CheckState(HealthStatus.CRITICAL, output);
  }
}
