package dev.signpost.balance.breaker;

/**
 * Asked by a {@link CircuitBreaker} just before it opens, so a rule above one instance can keep it in: the
 * registry never ejects more than a share of a service, whatever the reports say. When the gate says no, the
 * breaker stays closed (or half-open) and asks again at the next failure.
 *
 * <p>Called under the breaker's lock: it must not call back into that breaker.
 */
@FunctionalInterface
public interface EjectionGate {

  /** A gate that never refuses: one breaker on its own, as a client keeps per instance. */
  EjectionGate ALWAYS = () -> true;

  /** Whether the breaker may open now. */
  boolean mayEject();
}
