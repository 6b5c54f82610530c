/**
 * The circuit breaker: one instance's closed / open / half-open state, fed the outcomes of calls to it.
 *
 * <p>Entry point: {@link dev.signpost.balance.breaker.CircuitBreaker}, configured by {@link
 * dev.signpost.balance.breaker.BreakerSettings}; each call returns a {@link
 * dev.signpost.balance.breaker.BreakerStatus}, and {@link dev.signpost.balance.breaker.Trip} says why it
 * opened. The registry keeps one per instance of a service with passive health on (and adds the rule that
 * no more than a share of a service is ejected, through an {@link
 * dev.signpost.balance.breaker.EjectionGate}); the Java client keeps one per instance it calls.
 *
 * <p>Threading: each breaker guards itself with its own lock, held briefly; no thread or timer of its own,
 * the move from open to half-open is computed from the injected clock when the breaker is asked. Depends on
 * the JDK only.
 */
package dev.signpost.balance.breaker;
