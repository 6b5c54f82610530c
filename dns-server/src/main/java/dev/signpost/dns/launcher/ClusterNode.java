package dev.signpost.dns.launcher;

import dev.signpost.cluster.EtcdClients;
import dev.signpost.cluster.EtcdHeartbeats;
import dev.signpost.cluster.EtcdMembership;
import dev.signpost.cluster.EtcdOutcomes;
import dev.signpost.cluster.EtcdStore;
import dev.signpost.core.TimeSource;
import dev.signpost.core.storage.CommitObserver;
import dev.signpost.core.storage.LocalSnapshot;
import io.etcd.jetcd.Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * This node's part in a cluster ({@code --etcd}): one etcd client shared by the registry's store and the
 * membership, and the local copy of the registry in the data dir. Closed after the registry.
 */
final class ClusterNode implements AutoCloseable {

  private final Client client;
  private final EtcdStore store;
  private final EtcdMembership membership;
  private final EtcdHeartbeats heartbeats;
  private final EtcdOutcomes outcomes;

  private ClusterNode(Client client, EtcdStore store, EtcdMembership membership, EtcdHeartbeats heartbeats,
      EtcdOutcomes outcomes) {
    this.client = client;
    this.store = store;
    this.membership = membership;
    this.heartbeats = heartbeats;
    this.outcomes = outcomes;
  }

  /**
   * Opens the data dir and builds the client; nothing is asked of etcd until the registry loads.
   *
   * @param commits told of each transaction the store commits
   */
  static ClusterNode connect(LauncherOptions.ClusterOptions options, Path dataDir, CommitObserver commits) {
    LocalSnapshot local = LocalSnapshot.open(dataDir);
    Client client = EtcdClients.connect(options.etcd(), options.timeout());
    TimeSource time = TimeSource.system();
    EtcdStore store = new EtcdStore(client, options.prefix(), local, options.timeout(), time, commits);
    EtcdMembership membership = new EtcdMembership(client, options.prefix(), options.nodeName(),
        options.datacenter(), options.leaseTtl(), options.timeout(), time);
    membership.readNow();
    return new ClusterNode(client, store, membership, new EtcdHeartbeats(client, options.prefix(), membership),
        new EtcdOutcomes(client, options.prefix(), membership));
  }

  EtcdStore store() {
    return store;
  }

  EtcdMembership membership() {
    return membership;
  }

  EtcdHeartbeats heartbeats() {
    return heartbeats;
  }

  /** Where outcomes reported here for an instance whose breaker another node keeps go. */
  EtcdOutcomes outcomes() {
    return outcomes;
  }

  /**
   * Announces this node, reachable for the HTTP API at {@code http}, once that is bound, and starts handing
   * heartbeats relayed by other nodes to {@code heartbeats}, and outcomes to {@code relayedOutcomes}.
   */
  void join(InetSocketAddress http, Consumer<String> relayedHeartbeats, EtcdOutcomes.Receiver relayedOutcomes) {
    membership.start(advertised(http.getAddress()), http.getPort());
    heartbeats.start(relayedHeartbeats);
    outcomes.start(relayedOutcomes);
  }

  /** The address others reach this node's API at: the bound one, or this host's when bound to every address. */
  private static String advertised(InetAddress bound) {
    InetAddress address = bound;
    if (bound.isAnyLocalAddress()) {
      try {
        address = InetAddress.getLocalHost();
      } catch (UnknownHostException e) {
        address = InetAddress.getLoopbackAddress();
      }
    }
    return address.getHostAddress();
  }

  /** Leaves the cluster (its checks move at once) and closes the client; the store is closed by the registry. */
  @Override
  public void close() {
    heartbeats.close();
    outcomes.close();
    membership.close();
    client.close();
  }
}
