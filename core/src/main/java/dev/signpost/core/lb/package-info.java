/**
 * Load balancing: the order in which a service's served instances are given to one client, and the SRV
 * priority tiers laid over that order.
 *
 * <p>Entry point: {@link dev.signpost.core.lb.LoadBalancingStrategy}. A strategy reorders, never drops,
 * duplicates or picks one instance, and never modifies its input; limiting the answer is a later step.
 * {@link dev.signpost.core.lb.StrategyCatalog} holds one shared instance of each strategy by name
 * ({@code round-robin}, {@code random}, {@code weighted}, {@code least-connections}, {@code ip-hash},
 * {@code zone-aware}, {@code latency}) and lets an embedder add its own. After the strategy,
 * {@link dev.signpost.core.lb.Tiers#arrange} sorts the result stably into priority tiers (passing and
 * local, passing elsewhere, the rest), so every strategy respects zones and health the same way.
 *
 * <p>Inputs: {@link dev.signpost.core.lb.Client} says who asked (the EDNS Client Subnet address when
 * present, and the zone {@link dev.signpost.core.lb.ClientZones} finds for it);
 * {@link dev.signpost.core.lb.InstanceStats} holds the live, in-memory numbers the load-aware strategies
 * read (reported connections, probe latency, recent failures). Zones compare ignoring case.
 *
 * <p>Threading: each strategy is one object shared by all services and called concurrently from DNS
 * threads; per-service state (rotation counters) is keyed by the service's key in concurrent maps, and
 * nothing on the query path takes a lock. Counters may wrap and are reduced with {@link Math#floorMod}.
 * Time and randomness are injected. Depends on the JDK and {@code dev.signpost.core} value types only.
 */
package dev.signpost.core.lb;
