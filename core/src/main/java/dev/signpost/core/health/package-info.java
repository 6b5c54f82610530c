/**
 * The health engine: runs every instance's HTTP, TCP and TTL checks and writes what they find into the
 * registry, Consul's way (thresholds, worst-of, TTL heartbeats, DeregisterCriticalServiceAfter).
 *
 * <p>Entry point: {@link dev.signpost.core.health.HealthEngine}, which {@code ServiceDiscovery} builds
 * and adds as a registry listener. It writes through {@link dev.signpost.core.health.InstanceUpdates}
 * (the registry), each write decided on the instance's current value under the registry's lock.
 *
 * <p>Threading: one {@link dev.signpost.core.health.HealthScheduler} thread ({@code signpost-health})
 * owns all runner state; registry events and probe results are queued to it. Probes
 * ({@link dev.signpost.core.health.Probe}) are asynchronous: http checks on one selector thread
 * ({@code signpost-probe-http}, {@link dev.signpost.core.health.http.KeepAliveClient}), https checks on the
 * JDK's HTTP client, TCP checks on NIO sockets, with a few {@code signpost-probe} threads to resolve names
 * and carry the JDK client's callbacks. At most 8 probes are in flight per target host and 2048 in all by
 * default ({@link dev.signpost.core.health.ProbeLimits}, {@code ProbeSlots}); the engine enforces each
 * run's timeout on its own clock and cancels the probe ({@code ProbeLauncher}). TTL heartbeats arrive on
 * API threads and only move a deadline and write. Each probe's kind, raw result and duration go to a
 * {@link dev.signpost.core.health.CheckObserver} on the engine's thread (the launcher's meters).
 *
 * <p>Where probes may go: {@link dev.signpost.core.health.CheckTargets}. Every address a probe or a redirect
 * hop resolves is judged before anything connects to it, and the connection goes to exactly that address.
 *
 * <p>In a cluster, an instance's checks run only on the node its
 * {@link dev.signpost.core.cluster.CheckPlacement} names; TTL heartbeats taken elsewhere reach that node
 * through a {@link dev.signpost.core.health.HeartbeatRelay}.
 *
 * <p>Depends on the JDK and {@code core.cluster}'s placement only. Time, threads, randomness and the probe
 * are injected, so tests drive a hand-moved clock and a fake probe.
 */
package dev.signpost.core.health;
