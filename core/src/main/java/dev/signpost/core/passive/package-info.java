/**
 * Passive health: callers report the outcomes of their calls to an instance, and a circuit breaker per instance
 * (the balance module's {@link dev.signpost.balance.breaker.CircuitBreaker}) ejects one that fails them, for a
 * while, then puts it on trial.
 *
 * <p>Entry point: {@link dev.signpost.core.passive.PassiveHealth}, which {@code ServiceDiscovery} builds and
 * adds as a registry listener; reports come through {@code ServiceDiscovery.reportOutcomes}. A breaker's state
 * is written into the registry as the instance's passive check ({@link dev.signpost.core.PassiveCheck}) through
 * the health engine's path ({@link dev.signpost.core.health.InstanceUpdates#updateHealth}): derived state that
 * drives DNS, is journaled and becomes {@code health} events like any check's result. Per service settings are
 * the policy's {@link dev.signpost.core.PassivePolicy}; the rule over a whole service is {@code EjectionShare}.
 *
 * <p>Threading: reports on API threads, decided under one lock per service; registry events, ejection timers and
 * delayed writes on the health engine's {@link dev.signpost.core.health.HealthScheduler}. Time is the
 * scheduler's, so tests drive it by hand. Depends on the JDK, the balance module's breaker and core's own
 * types.
 */
package dev.signpost.core.passive;
