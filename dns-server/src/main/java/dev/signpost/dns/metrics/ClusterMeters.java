package dev.signpost.dns.metrics;

import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cluster's nodes as meters, in cluster mode: how many are alive and how many failed (a failed node is
 * listed for an hour after its lease expired). Whether this node's store reaches etcd is
 * {@code signpost_store_healthy}, beside the registry's meters.
 */
public final class ClusterMeters {

  private ClusterMeters() {}

  public static void bind(Membership membership, MeterRegistry registry) {
    Gauge.builder("signpost.cluster.members", membership, m -> count(m, true))
        .description("cluster nodes, by state").tag("state", "alive").register(registry);
    Gauge.builder("signpost.cluster.members", membership, m -> count(m, false))
        .description("cluster nodes, by state").tag("state", "failed").register(registry);
  }

  private static long count(Membership membership, boolean alive) {
    return membership.members().stream().filter(m -> m.alive() == alive).map(Member::name).count();
  }
}
