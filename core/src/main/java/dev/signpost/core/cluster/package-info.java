/**
 * The nodes that share one registry: {@link dev.signpost.core.cluster.Membership} (who is alive) and
 * {@link dev.signpost.core.cluster.CheckPlacement}, which places each instance's checks on exactly one live
 * node by rendezvous hashing ({@code Rendezvous}) of the instance id over the live nodes' names. Knows
 * nothing of the shared store itself (etcd lives in the {@code cluster} module); a node without a cluster
 * is a membership of one, whose placement runs everything.
 *
 * <p>Threading: a membership calls its listeners on its own thread; a placement answers on any thread from
 * the membership's current list. Depends on the JDK only.
 */
package dev.signpost.core.cluster;
