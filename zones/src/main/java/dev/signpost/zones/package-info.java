/**
 * Turns registry state into DNS data.
 *
 * <p>Entry points: {@link dev.signpost.zones.ZoneView} follows the registry (it is a
 * {@code RegistryListener}) and publishes immutable {@link dev.signpost.zones.ZoneSnapshot}s;
 * {@link dev.signpost.zones.RegistryZone#lookup} answers a question from the current snapshot;
 * {@link dev.signpost.zones.NamingScheme} is the naming table of DESIGN.md in code; records are made in
 * one place, {@link dev.signpost.zones.RecordFactory}.
 *
 * <p>Threading: snapshots are built on the registry's writing thread, one change at a time; lookups run
 * on any thread and take no lock (one volatile read of the current snapshot).
 *
 * <p>Depends on core and dnsjava only: no Netty, no HTTP.
 */
package dev.signpost.zones;
