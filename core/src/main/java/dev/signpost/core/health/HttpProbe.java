package dev.signpost.core.health;

import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.net.ssl.SSLContext;

/**
 * An HTTP check, as Consul runs it: {@code Method} (GET by default) with the check's headers; 2xx is
 * passing, 429 warning, anything else, a refused connection or a timeout critical. The output is
 * {@code HTTP GET <url>: 200 OK Output: <body>}, the body cut at 4 KiB.
 */
final class HttpProbe {

  static final String USER_AGENT = "Signpost Health Check";
  static final int BODY_LIMIT = 4096;

  private final Executor workers;
  private final HttpClient verifying;
  /** Built when a check first asks for TLSSkipVerify: each client owns a selector thread. */
  private HttpClient trusting;

  HttpProbe(Executor workers) {
    this.workers = workers;
    this.verifying = client(workers, null);
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      // HttpClient.sendAsync completes its future on CompletableFuture's default executor, which is a new
      // thread per task when the common pool has fewer than 2 threads (JVMs with fewer than 3 CPUs).
      System.getLogger(HealthEngine.class.getName()).log(System.Logger.Level.INFO, "each HTTP check starts a"
          + " thread in the JDK's HTTP client on this JVM (fewer than 3 CPUs), which triples its CPU cost; start"
          + " the JVM with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 to avoid that");
    }
  }

  private synchronized HttpClient trusting() {
    if (trusting == null) {
      trusting = client(workers, TrustEverything.context());
    }
    return trusting;
  }

  private static HttpClient client(Executor workers, SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .executor(workers)
        // HTTP/1.1: no h2c upgrade header, which some health endpoints answer badly.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }

  /**
   * Completes with the check's state; cancelling the returned future aborts the request and closes its
   * connection. The request's timeout covers the wait for the answer's headers; the engine's covers the
   * whole run.
   */
  CompletableFuture<ProbeResult> run(CheckSpec check) {
    String prefix = ProbeTarget.describe(check) + ": ";
    URI uri = URI.create(check.http());
    HttpRequest request;
    try {
      request = request(uri, check, check.method().isEmpty() ? "GET" : check.method());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(ProbeResult.of(critical(prefix + e.getMessage())));
    }
    HttpClient client = check.tlsSkipVerify() ? trusting() : verifying;
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    Runnable send = () -> {
      if (result.isDone()) {
        return; // given up while waiting for a worker
      }
      CompletableFuture<HttpResponse<String>> sent =
          client.sendAsync(request, info -> LimitedBody.subscriber(BODY_LIMIT));
      sent.whenComplete((response, error) -> result.complete(error == null ? classify(prefix, response)
          : ProbeResult.of(critical(prefix + ProbeFailures.describe(error, check.effectiveTimeout())))));
      result.whenComplete((r, e) -> sent.cancel(true)); // no-op once answered; else frees the connection
    };
    if (Addresses.ip(uri.getHost()).isEmpty()) {
      workers.execute(send); // the client may resolve a name on the calling thread, the engine's
    } else {
      send.run();
    }
    return result;
  }

  private static HttpRequest request(URI uri, CheckSpec check, String method) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(check.effectiveTimeout())
        .method(method, HttpRequest.BodyPublishers.noBody());
    boolean agent = false;
    boolean accept = false;
    for (Map.Entry<String, List<String>> h : check.header().entrySet()) {
      agent |= h.getKey().equalsIgnoreCase("User-Agent");
      accept |= h.getKey().equalsIgnoreCase("Accept");
      for (String value : h.getValue()) {
        try {
          b.header(h.getKey(), value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("header " + h.getKey() + " cannot be sent: " + e.getMessage(), e);
        }
      }
    }
    if (!agent) {
      b.header("User-Agent", USER_AGENT);
    }
    if (!accept) {
      b.header("Accept", "text/plain, text/*, */*");
    }
    return b.build();
  }

  private static ProbeResult classify(String prefix, HttpResponse<String> response) {
    int code = response.statusCode();
    String output = prefix + code + " " + ReasonPhrases.of(code) + " Output: " + response.body();
    HealthStatus status = code >= 200 && code <= 299 ? HealthStatus.PASSING
        : code == 429 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
    return new ProbeResult(new CheckState(status, output), LoadField.find(response.body()));
  }

  private static CheckState critical(String output) {
    return new CheckState(HealthStatus.CRITICAL, output);
  }

  /** For {@code TLSSkipVerify}: an SSL context that accepts any certificate for any host. */
  static final class TrustEverything extends javax.net.ssl.X509ExtendedTrustManager {

    static SSLContext context() {
      try {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
        return ssl;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("no TLS support in this JDK", e);
      }
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine e) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine e) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
