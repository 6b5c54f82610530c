/**
 * The Consul-compatible API: resources per API area ({@code AgentServiceResource}, {@code AgentCheckResource},
 * {@code AgentHealthResource}, {@code AgentSelfResource}, {@code AgentMembersResource}, {@code CatalogResource},
 * {@code HealthResource}, {@code StatusResource}, {@code KvResource} and {@code TxnResource} for the key/value
 * store, whose reads block on the key's or prefix's own index), the Jackson DTOs spelled as Consul spells them, and the
 * mappers between core's values and those DTOs. {@code CheckMapper} is the one place a check becomes
 * Consul's {@code HealthCheck}/{@code AgentCheck} (with its own state, the synthetic maintenance check and
 * the node's {@code serfHealth}); the health and agent resources share it. {@code NodeIdentity} is this
 * agent's node, on which every instance is shown; {@code ClusterView} is the one place that decides how the
 * cluster's nodes ({@code core.cluster.Membership}) are reported: members, catalog nodes, leader and peers.
 * {@code FilterParam} puts Consul's {@code ?filter=} (the {@code filter} package) on the list routes Consul
 * filters, declared in the route table with the DTO record of each route's items.
 *
 * <p>Signpost's own endpoints, which Consul does not have, live under {@code /v1/signpost/} in the same
 * route table: {@code SignpostPolicyResource} (a service's DNS policy: strategy, TTL, answer limit; kept in
 * the store) and {@code InstanceLoadResource} (reported active connections and measured check latency, the
 * numbers the load-aware strategies read; in memory only, never journaled).
 *
 * <p>Entry point: {@link dev.signpost.admin.consul.ConsulApi#routes}, the route table. Threading: every
 * method runs on an event loop and returns at once; writes return the registry's stage. Depends on core
 * (through {@code ServiceDiscovery}), the {@code http}, {@code json} and {@code filter} packages and Jackson;
 * no Netty types appear here.
 */
package dev.signpost.admin.consul;
