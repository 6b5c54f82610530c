package dev.signpost.cluster;

import dev.signpost.core.TimeSource;
import dev.signpost.core.storage.LocalSnapshot;
import dev.signpost.core.storage.StoredState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster node's copy of the registry in its data dir ({@code snapshot.json}): what it serves, marked
 * stale, when it starts while etcd is unreachable. Written on its own thread ({@code signpost-etcd-snapshot}),
 * the latest state asked for winning over older ones not yet written.
 */
final class LocalCopy implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LocalCopy.class.getName());
  /**
   * How old the copy may grow while changes arrive. It is rewritten whole (a million instances are 200 MB of
   * JSON), so not often: written every 5 s, it cost as much CPU per registration as applying it
   * (bench/cluster.sh). A restart without etcd serves a copy at most this old, and a clean stop writes it.
   */
  static final Duration EVERY = Duration.ofSeconds(30);

  private final LocalSnapshot local;
  private final TimeSource time;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(EtcdStore.daemon("signpost-etcd-snapshot"));
  private final AtomicReference<StoredState> next = new AtomicReference<>();
  private final AtomicLong changesSince = new AtomicLong();
  private volatile Instant lastWritten;

  /** @param local where the copy goes; null for none (a node then starts empty without etcd) */
  LocalCopy(LocalSnapshot local, TimeSource time) {
    this.local = local;
    this.time = time;
    this.lastWritten = time.now();
  }

  /** The copy last written, if there is one. */
  Optional<StoredState> read() {
    return local == null ? Optional.empty() : local.read();
  }

  void changed(int changes) {
    changesSince.addAndGet(changes);
  }

  /** Whether changes arrived and the copy is older than {@link #EVERY}. */
  boolean due() {
    return local != null && changesSince.get() > 0 && time.now().isAfter(lastWritten.plus(EVERY));
  }

  /** Writes {@code state} soon, on the writer's thread. */
  void write(StoredState state) {
    changesSince.set(0);
    lastWritten = time.now();
    if (next.getAndSet(state) == null) {
      writer.execute(this::writeNext);
    }
  }

  private void writeNext() {
    StoredState state = next.getAndSet(null);
    if (state == null || local == null) {
      return;
    }
    try {
      local.write(state);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "the local copy of the registry in " + local.path() + " was not written: "
          + Reachability.reason(e));
    }
  }

  /** Waits for a write under way (a clean stop's copy), then releases the data dir. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (local != null) {
      local.close();
    }
  }
}
