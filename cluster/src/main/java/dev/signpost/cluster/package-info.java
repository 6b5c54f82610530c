/**
 * Cluster mode: Signpost nodes share one registry through etcd (v3 API, jetcd). {@code EtcdStore} is the
 * registry's store (writes are etcd transactions, the registry follows a watch of the prefix), and
 * {@code EtcdMembership} announces this node under a lease and follows the others'.
 */
package dev.signpost.cluster;
