/**
 * Cluster mode: Signpost nodes share one registry through etcd (v3 API, jetcd). {@code EtcdStore} is the
 * registry's store (writes are etcd transactions, the registry follows a watch of the prefix),
 * {@code EtcdMembership} announces this node under a lease and follows the others', and {@code EtcdHeartbeats}
 * and {@code EtcdOutcomes} carry TTL heartbeats and reported call outcomes to the node that runs an instance's
 * checks and keeps its circuit breaker.
 */
package dev.signpost.cluster;
