/**
 * Signpost's registry as plain Java: the model ({@link dev.signpost.core.Instance},
 * {@link dev.signpost.core.CheckSpec}, {@link dev.signpost.core.InstanceHealth}, and the external nodes of
 * the catalog, {@link dev.signpost.core.CatalogNode}, written through {@link dev.signpost.core.NodeCatalog}),
 * the registry with its index and events, what DNS serves of each service
 * ({@link dev.signpost.core.HealthFilter}), and Consul's key/value store kept with it
 * ({@link dev.signpost.core.KeyValueStore}, changed through the same commit path); and the build's version
 * ({@link dev.signpost.core.SignpostVersion}), which every module reports the same.
 *
 * <p>Entry point: {@link dev.signpost.core.ServiceDiscovery}. Writes are decided under one lock and handed
 * to the store; each becomes visible (memory, then the index, then events) once the store has it, in index
 * order: on the journal's thread for the embedded store, on the store's feed for a shared one (cluster mode,
 * where a write another node raced is decided again). Reads take no lock. Listeners run on the thread that
 * makes changes visible, under the lock.
 *
 * <p>Time is read through one {@link dev.signpost.core.TimeSource}, the builder's or the health scheduler's,
 * so a test moves one fake ({@code dev.signpost.core.testing.ManualTime}, in core's test-jar).
 *
 * <p>Depends on the JDK only (Jackson is confined to the storage package). Knows nothing of DNS wire
 * formats, Netty or HTTP servers.
 */
package dev.signpost.core;
