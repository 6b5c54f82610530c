package dev.signpost.cluster;

import dev.signpost.core.passive.OutcomeRelay;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Call outcomes reported to a node other than the one that keeps the instance's circuit breaker: each report
 * is written to {@code outcomes/<instance id>} as {@code "<successes> <failures>"} (under this node's lease, so
 * the key vanishes with it), and every node watches that directory and hands each write to its passive health,
 * which counts the outcomes of the breakers it keeps and ignores the others. Every write is its own revision,
 * so reports that follow each other on one key all arrive.
 *
 * <p>Outcomes lost while etcd is unreachable, or while the watch restarts, cost that many outcomes: the next
 * reports count as usual.
 */
public final class EtcdOutcomes implements OutcomeRelay, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EtcdOutcomes.class.getName());

  /** Where relayed outcomes go on the receiving node: {@code ServiceDiscovery::relayedOutcomes}. */
  @FunctionalInterface
  public interface Receiver {
    void outcomes(String instanceId, long successes, long failures);
  }

  private final Client client;
  private final EtcdKeys keys;
  private final EtcdMembership membership;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(EtcdStore.daemon("signpost-etcd-outcomes"));
  private volatile Watch.Watcher watcher;
  private volatile Receiver receiver = (id, s, f) -> { };
  private volatile boolean closed;

  public EtcdOutcomes(Client client, String prefix, EtcdMembership membership) {
    this.client = client;
    this.keys = new EtcdKeys(prefix);
    this.membership = membership;
  }

  /** Starts handing relayed outcomes (this node's own included, which it ignores) to {@code receiver}. */
  public void start(Receiver receiver) {
    this.receiver = receiver;
    thread.execute(this::watch);
  }

  @Override
  public void relay(String instanceId, long successes, long failures) {
    long lease = membership.lease();
    PutOption option = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
    client.getKVClient().put(keys.outcomes(instanceId), EtcdKeys.bytes(successes + " " + failures), option)
        .whenComplete((response, error) -> {
          if (error != null) {
            LOG.log(Level.DEBUG, "outcomes of " + instanceId + " not relayed: " + error.getMessage());
          }
        });
  }

  private void watch() {
    if (closed) {
      return;
    }
    // From now: outcomes are news only while they are fresh.
    watcher = client.getWatchClient().watch(keys.outcomes(), WatchOption.builder().isPrefix(true).build(),
        Watch.listener(response -> {
          for (WatchEvent event : response.getEvents()) {
            if (event.getEventType() == WatchEvent.EventType.PUT) {
              deliver(EtcdKeys.after(keys.outcomes(), event.getKeyValue().getKey()),
                  event.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
            }
          }
        }, error -> {
          LOG.log(Level.DEBUG, "outcome watch failed, restarting: " + error.getMessage());
          Watch.Watcher old = watcher;
          if (old != null) {
            old.close();
          }
          if (!closed) {
            thread.schedule(this::watch, 1, TimeUnit.SECONDS);
          }
        }));
  }

  private void deliver(String instanceId, String value) {
    String[] counts = value.split(" ");
    try {
      receiver.outcomes(instanceId, Long.parseLong(counts[0]), Long.parseLong(counts[1]));
    } catch (RuntimeException e) {
      // Another version's value, or a hand-written key: nothing to count.
      LOG.log(Level.DEBUG, "relayed outcomes of " + instanceId + " not counted ('" + value + "'): " + e.getMessage());
    }
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
