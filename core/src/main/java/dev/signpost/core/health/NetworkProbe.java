package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real probes: HTTP checks through {@link HttpProbe}, TCP checks through {@link TcpProbe}. Both are
 * built on first use, so a registry without such checks starts no threads for them. How many run at once
 * is the engine's business ({@link ProbeSlots}); the limits here bound the idle connections HTTP probes
 * keep. A probe cancelled before it ends closes its connection. Every address either connects to passes
 * the {@link CheckTargets} policy first.
 */
final class NetworkProbe implements Probe {

  /** Small: they resolve host names and carry the JDK's HTTP client's callbacks; waiting holds no thread. */
  private static final int WORKERS = 4;

  private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
    Thread t = new Thread(r, "signpost-probe");
    t.setDaemon(true);
    return t;
  });
  private final ProbeLimits limits;
  private final CheckTargets targets;
  private HttpProbe http;
  private TcpProbe tcp;

  NetworkProbe(ProbeLimits limits, CheckTargets targets) {
    this.limits = limits;
    this.targets = targets;
  }

  @Override
  public CompletionStage<ProbeResult> run(CheckSpec check) {
    try {
      return switch (check.kind()) {
        case HTTP -> http().run(check);
        case TCP -> tcp().run(check);
        case TTL, EXTERNAL -> CompletableFuture.failedFuture(
            new IllegalArgumentException("a " + check.kind() + " check has no probe"));
      };
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private synchronized HttpProbe http() {
    if (http == null) {
      http = new HttpProbe(workers, limits, targets);
    }
    return http;
  }

  private synchronized TcpProbe tcp() {
    if (tcp == null) {
      tcp = new TcpProbe(workers, targets);
    }
    return tcp;
  }

  @Override
  public synchronized void close() {
    if (tcp != null) {
      tcp.close();
    }
    if (http != null) {
      http.close();
    }
    workers.shutdownNow();
  }
}
