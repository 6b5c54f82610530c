/**
 * NOTIFY (RFC 1996): tells the secondaries of {@code --notify} that a zone's serial changed, so they transfer it at
 * once instead of at their next SOA refresh.
 *
 * <p>Entry point: {@link dev.signpost.dns.notify.Notifier}, started by the launcher with the targets
 * ({@link dev.signpost.dns.notify.NotifyTarget}) and the TSIG keys; the registry zone's changes reach it through
 * {@link dev.signpost.dns.notify.ZoneFollower}, the zone files' through the reload. The state machine is
 * {@link dev.signpost.dns.notify.NotifySender} (per secondary and zone: coalescing, retries with backoff,
 * acknowledgement), which sends through a {@code Datagrams} interface and reads its time from core's scheduler
 * interface, so tests drive it with core's {@code ManualScheduler} and no socket.
 *
 * <p>Threading: one Netty event loop thread runs the timers and reads the answers; {@code publish} is safe from any
 * thread and never blocks. Bounded: the targets and zones are fixed by the flags and files, one timer and at most
 * one NOTIFY in flight per secondary and zone, one queued hand-over task. Depends on core (its scheduler, time and
 * registry listener), dnsjava, Netty and Micrometer, and on {@code dns.transport} for the {@code --io} choice.
 */
package dev.signpost.dns.notify;
