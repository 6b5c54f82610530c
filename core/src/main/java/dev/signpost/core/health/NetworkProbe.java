package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real probes: HTTP checks through {@link HttpProbe}, TCP checks through {@link TcpProbe}. Both are
 * built on first use, so a registry without such checks starts no threads for them. At most
 * {@link #MAX_IN_FLIGHT} probes run at once; the others wait their turn (their timeout starts when they
 * do), so 10,000 instances registered together cost a queue, not 10,000 sockets and a file-descriptor
 * limit hit.
 */
final class NetworkProbe implements Probe {

  static final int MAX_IN_FLIGHT = 256;

  /** Small: it starts requests and resolves host names; the waiting itself holds no thread. */
  private static final int WORKERS = 4;

  private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
    Thread t = new Thread(r, "signpost-probe");
    t.setDaemon(true);
    return t;
  });
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;
  private HttpProbe http;
  private TcpProbe tcp;

  @Override
  public CompletionStage<ProbeResult> run(CheckSpec check) {
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    Runnable start = () -> dispatch(check).whenComplete((state, error) -> {
      if (error == null) {
        result.complete(state);
      } else {
        result.completeExceptionally(error);
      }
      startNext();
    });
    boolean now;
    synchronized (this) {
      now = inFlight < MAX_IN_FLIGHT;
      if (now) {
        inFlight++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void startNext() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private CompletionStage<ProbeResult> dispatch(CheckSpec check) {
    try {
      return switch (check.kind()) {
        case HTTP -> http().run(check);
        case TCP -> tcp().run(check);
        case TTL -> CompletableFuture.failedFuture(new IllegalArgumentException("a TTL check has no probe"));
      };
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // the slot must be given back whatever happens
    }
  }

  private synchronized HttpProbe http() {
    if (http == null) {
      http = new HttpProbe(workers);
    }
    return http;
  }

  private synchronized TcpProbe tcp() {
    if (tcp == null) {
      tcp = new TcpProbe(workers);
    }
    return tcp;
  }

  @Override
  public synchronized void close() {
    if (tcp != null) {
      tcp.close();
    }
    workers.shutdownNow();
  }
}
