/**
 * Load-balancing strategies: each orders a service's served instances for one query, never drops one.
 *
 * <p>Entry point: {@link dev.signpost.core.lb.LoadBalancingStrategy}, called on DNS threads for every
 * answer, so implementations are thread-safe and lock-free; {@link dev.signpost.core.lb.Client} says who
 * asked. Depends on the JDK only.
 */
package dev.signpost.core.lb;
