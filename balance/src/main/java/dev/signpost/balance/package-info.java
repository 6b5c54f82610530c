/**
 * What the server and the Java client share to choose an instance: the load-balancing strategies, the SRV
 * priority tiers laid over their order, and the circuit breaker. Depends on the JDK only, so the client
 * carries none of the server's transport, storage or HTTP code.
 *
 * <p>Entry point: {@link dev.signpost.balance.LoadBalancingStrategy}. A strategy orders anything that is an
 * {@link dev.signpost.balance.Endpoint} (the server's registry instance, the client's view of one): it
 * reorders, never drops, duplicates or picks one instance, and never modifies its input; limiting the answer
 * is a later step. {@link dev.signpost.balance.StrategyCatalog} holds one shared instance of each strategy
 * by name ({@code round-robin}, {@code random}, {@code weighted}, {@code least-connections}, {@code ip-hash},
 * {@code zone-aware}, {@code latency}) and lets an embedder add its own. After the strategy,
 * {@link dev.signpost.balance.Tiers#arrange} sorts the result stably into priority tiers (passing and local,
 * passing elsewhere, the rest), so every strategy respects zones and health the same way.
 *
 * <p>Inputs: {@link dev.signpost.balance.Client} says who asked (on the server the EDNS Client Subnet
 * address when present and the zone configured for it; in the Java client its own zone);
 * {@link dev.signpost.balance.InstanceStats} holds the live, in-memory numbers the load-aware strategies
 * read (connections, response times, recent failures). Zones compare ignoring case.
 *
 * <p>Threading: each strategy is one object shared by all services and called concurrently (from DNS
 * threads on the server, from callers' threads in the client); per-service state (rotation counters) is
 * keyed by the service's key in concurrent maps, and nothing on the query path takes a lock or allocates
 * more than the ordered list and its sort keys. Counters may wrap and are reduced with {@link Math#floorMod}.
 * Time and randomness are injected.
 */
package dev.signpost.balance;
