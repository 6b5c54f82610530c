/**
 * The nodes that share one registry: {@link dev.signpost.core.cluster.Membership} (who is alive) and how
 * each instance's checks are placed on exactly one live node. Knows nothing of the shared store itself
 * (etcd lives in the {@code cluster} module); a node without a cluster is a membership of one.
 */
package dev.signpost.core.cluster;
