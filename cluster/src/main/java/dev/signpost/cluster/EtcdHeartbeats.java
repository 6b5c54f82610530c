package dev.signpost.cluster;

import dev.signpost.core.health.HeartbeatRelay;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * TTL heartbeats that reach a node other than the one running the check: written to
 * {@code heartbeats/<check id>} (under this node's lease, so they vanish with it), and every node watches
 * that directory and hands each one to its health engine, which moves the deadline of the checks it runs
 * and ignores the others. A heartbeat that changes the check's state is also a registry write, as on a
 * single node; this path only carries the news that the client is alive.
 *
 * <p>A heartbeat lost while etcd is unreachable, or while the watch restarts, costs at most a TTL check's
 * expiry on its node, which the next heartbeat undoes.
 */
public final class EtcdHeartbeats implements HeartbeatRelay, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EtcdHeartbeats.class.getName());

  private final Client client;
  private final EtcdKeys keys;
  private final EtcdMembership membership;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(EtcdStore.daemon("signpost-etcd-heartbeats"));
  private volatile Watch.Watcher watcher;
  private volatile Consumer<String> receiver = id -> { };
  private volatile boolean closed;

  public EtcdHeartbeats(Client client, String prefix, EtcdMembership membership) {
    this.client = client;
    this.keys = new EtcdKeys(prefix);
    this.membership = membership;
  }

  /** Starts handing relayed heartbeats (this node's own included) to {@code receiver}. */
  public void start(Consumer<String> receiver) {
    this.receiver = receiver;
    thread.execute(this::watch);
  }

  @Override
  public void relay(String checkId) {
    long lease = membership.lease();
    PutOption option = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
    client.getKVClient().put(keys.heartbeat(checkId), EtcdKeys.bytes(membership.self().name()), option)
        .whenComplete((response, error) -> {
          if (error != null) {
            LOG.log(Level.DEBUG, "heartbeat of " + checkId + " not relayed: " + error.getMessage());
          }
        });
  }

  private void watch() {
    if (closed) {
      return;
    }
    // From now: a heartbeat is news only while it is fresh.
    watcher = client.getWatchClient().watch(keys.heartbeats(), WatchOption.builder().isPrefix(true).build(),
        Watch.listener(response -> {
          for (WatchEvent event : response.getEvents()) {
            if (event.getEventType() == WatchEvent.EventType.PUT) {
              receiver.accept(EtcdKeys.after(keys.heartbeats(), event.getKeyValue().getKey()));
            }
          }
        }, error -> {
          LOG.log(Level.DEBUG, "heartbeat watch failed, restarting: " + error.getMessage());
          Watch.Watcher old = watcher;
          if (old != null) {
            old.close();
          }
          if (!closed) {
            thread.schedule(this::watch, 1, TimeUnit.SECONDS);
          }
        }));
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    Watch.Watcher w = watcher;
    if (w != null) {
      w.close();
    }
  }
}
