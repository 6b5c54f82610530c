package dev.signpost.cluster;

import dev.signpost.core.TimeSource;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether etcd answers: a probe every second ({@code signpost-etcd-probe}) reads one key. Three probes in a
 * row without an answer make etcd unreachable (a leader election can hold requests for a few seconds, and
 * that is not an outage); one answer makes it reachable again, and tells the store to catch up.
 */
final class Reachability implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Reachability.class.getName());
  /** A probe waits less than a request may: an etcd that answers nothing for 2 s is unreachable for writes. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Probes in a row without an answer before etcd counts as unreachable and writes are refused at once. */
  static final int PROBES_TO_FAIL = 3;

  private final Client client;
  private final ByteSequence key;
  private final Duration timeout;
  private final TimeSource time;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(EtcdStore.daemon("signpost-etcd-probe"));
  private volatile boolean reachable;
  private volatile Instant since;
  private volatile String reason = "";
  /** Probe thread only. */
  private int failedProbes;

  /** @param key what each probe reads */
  Reachability(Client client, ByteSequence key, Duration timeout, TimeSource time) {
    this.client = client;
    this.key = key;
    this.timeout = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
    this.time = time;
  }

  /** Probes every second from now on; calls {@code answered} after every probe etcd answered. */
  void start(Runnable answered) {
    thread.scheduleWithFixedDelay(() -> probe(answered), 1, 1, TimeUnit.SECONDS);
  }

  boolean reachable() {
    return reachable;
  }

  /** Why etcd is unreachable, and since when. */
  String reason() {
    return reason;
  }

  /** etcd answered a request. */
  void answered() {
    reachable = true;
  }

  /** A request to etcd failed: etcd is unreachable from now, for that reason. */
  void failed(Throwable e) {
    if (reachable || since == null) {
      since = time.now();
    }
    reachable = false;
    reason = reason(e) + ", since " + since;
  }

  private void probe(Runnable answered) {
    try {
      client.getKVClient().get(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!reachable) {
        LOG.log(Level.INFO, "etcd answers again: writes are accepted");
      }
      reachable = true;
      failedProbes = 0;
      answered.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (++failedProbes < PROBES_TO_FAIL) {
        return;
      }
      if (reachable) {
        LOG.log(Level.WARNING, "etcd is unreachable (" + reason(e) + "): serving the last known state, "
            + "refusing writes");
      }
      failed(e);
    }
  }

  /** What went wrong, in one line: the cause of a future's failure, "no answer" for a timeout. */
  static String reason(Throwable e) {
    Throwable cause = cause(e);
    if (cause instanceof TimeoutException) {
      return "no answer";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /** What failed a future: {@code e} without the ExecutionException or CompletionException wrapped around it. */
  static Throwable cause(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
