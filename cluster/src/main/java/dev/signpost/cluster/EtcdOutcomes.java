package dev.signpost.cluster;

import dev.signpost.core.passive.OutcomeRelay;
import io.etcd.jetcd.Client;
import java.lang.System.Logger.Level;

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

  private final EtcdKeys keys;
  private final LeasedRelay relay;

  public EtcdOutcomes(Client client, String prefix, EtcdMembership membership) {
    this.keys = new EtcdKeys(prefix);
    this.relay = new LeasedRelay(client, membership, keys.outcomes(), "outcomes");
  }

  /** Starts handing relayed outcomes (this node's own included, which it ignores) to {@code receiver}. */
  public void start(Receiver receiver) {
    relay.start((instanceId, value) -> deliver(receiver, instanceId, value));
  }

  @Override
  public void relay(String instanceId, long successes, long failures) {
    relay.put(keys.outcomes(instanceId), successes + " " + failures, instanceId);
  }

  private static void deliver(Receiver receiver, String instanceId, String value) {
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
    relay.close();
  }
}
