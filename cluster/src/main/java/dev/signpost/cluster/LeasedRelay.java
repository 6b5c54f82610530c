package dev.signpost.cluster;

import io.etcd.jetcd.ByteSequence;
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
import java.util.function.BiConsumer;

/**
 * News one node passes to all: each item is written to {@code <directory><name>} under this node's lease (so it
 * vanishes with the node), and every node watches the directory from now on and hands each write to its receiver.
 * Every write is its own revision, so writes that follow each other on one key all arrive. The watch restarts
 * after a second when it fails; what is written meanwhile is lost, which every user of a relay accepts (the
 * next heartbeat, the next report). The heartbeats and the call outcomes are relayed this way.
 */
final class LeasedRelay implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LeasedRelay.class.getName());

  private final Client client;
  private final EtcdMembership membership;
  private final ByteSequence directory;
  private final String what;
  private final ScheduledExecutorService thread;
  private volatile BiConsumer<String, String> receiver = (name, value) -> { };
  private volatile Watch.Watcher watcher;
  private volatile boolean closed;

  /** @param what the items' name in log lines and in the watch thread's name ({@code heartbeats}) */
  LeasedRelay(Client client, EtcdMembership membership, ByteSequence directory, String what) {
    this.client = client;
    this.membership = membership;
    this.directory = directory;
    this.what = what;
    this.thread = Executors.newSingleThreadScheduledExecutor(EtcdStore.daemon("signpost-etcd-" + what));
  }

  /** Starts handing each write's name (the key after the directory) and value to {@code receiver}. */
  void start(BiConsumer<String, String> receiver) {
    this.receiver = receiver;
    thread.execute(this::watch);
  }

  /** Writes {@code value} at {@code key} (inside the directory) under this node's lease; a failure is logged. */
  void put(ByteSequence key, String value, String name) {
    long lease = membership.lease();
    PutOption option = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
    client.getKVClient().put(key, EtcdKeys.bytes(value), option).whenComplete((response, error) -> {
      if (error != null) {
        LOG.log(Level.DEBUG, what + " of " + name + " not relayed: " + error.getMessage());
      }
    });
  }

  private void watch() {
    if (closed) {
      return;
    }
    // From now: relayed news is news only while it is fresh.
    watcher = client.getWatchClient().watch(directory, WatchOption.builder().isPrefix(true).build(),
        Watch.listener(response -> {
          for (WatchEvent event : response.getEvents()) {
            if (event.getEventType() == WatchEvent.EventType.PUT) {
              receiver.accept(EtcdKeys.after(directory, event.getKeyValue().getKey()),
                  event.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
            }
          }
        }, error -> {
          LOG.log(Level.DEBUG, what + " watch failed, restarting: " + error.getMessage());
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
