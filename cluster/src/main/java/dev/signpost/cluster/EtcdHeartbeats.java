package dev.signpost.cluster;

import dev.signpost.core.health.HeartbeatRelay;
import io.etcd.jetcd.Client;
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

  private final EtcdKeys keys;
  private final EtcdMembership membership;
  private final LeasedRelay relay;

  public EtcdHeartbeats(Client client, String prefix, EtcdMembership membership) {
    this.keys = new EtcdKeys(prefix);
    this.membership = membership;
    this.relay = new LeasedRelay(client, membership, keys.heartbeats(), "heartbeats");
  }

  /** Starts handing relayed heartbeats (this node's own included) to {@code receiver}. */
  public void start(Consumer<String> receiver) {
    relay.start((checkId, node) -> receiver.accept(checkId));
  }

  @Override
  public void relay(String checkId) {
    relay.put(keys.heartbeat(checkId), membership.self().name(), checkId);
  }

  @Override
  public void close() {
    relay.close();
  }
}
