/**
 * Where the registry's state lives between restarts: the {@link dev.signpost.core.storage.RegistryStore}
 * SPI, the {@link dev.signpost.core.storage.InMemoryStore} that keeps nothing, and the embedded durable
 * {@link dev.signpost.core.storage.JournalStore}.
 *
 * <p>Entry point: {@code JournalStore.open(dataDir)}. The data dir holds {@code journal.log} (records
 * framed as {@code [u32 length][u32 CRC32C][UTF-8 JSON of one Change]}), {@code snapshot.json} (the whole
 * state as of one index, replaced by an atomic rename) and {@code LOCK} (held while a store is open).
 * Start-up reads the snapshot, replays the journal records above its index and cuts a torn tail.
 *
 * <p>Threading: {@code append} and {@code compact} only queue work; one thread, {@code signpost-journal},
 * writes, syncs once per batch (group commit), compacts and completes the appends' stages in order.
 * {@code close()} drains the queue and stops that thread.
 *
 * <p>Depends on the JDK and Jackson's tree model ({@code JournalCodec}, {@code InstanceCodec} map every
 * field by hand; no annotations on core records, no default typing). Jackson is used nowhere else in
 * core.
 */
package dev.signpost.core.storage;
