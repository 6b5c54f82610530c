/**
 * Where the registry's state lives between restarts: the {@link dev.signpost.core.storage.RegistryStore}
 * SPI, the {@link dev.signpost.core.storage.InMemoryStore} that keeps nothing, and the embedded durable
 * {@link dev.signpost.core.storage.JournalStore}. A shared store (etcd, in the {@code cluster} module) stands
 * behind the same SPI: it reports every committed change through a {@link dev.signpost.core.storage.ChangeFeed},
 * keeps each key's value as {@link dev.signpost.core.storage.ChangeCodec} bytes, and a copy of the whole
 * registry in a {@link dev.signpost.core.storage.LocalSnapshot}.
 *
 * <p>Entry point: {@code JournalStore.open(dataDir)}. The data dir holds {@code journal.log} (records
 * framed as {@code [u32 length][u32 CRC32C][UTF-8 JSON of one Change]}), {@code snapshot.json} (the whole
 * state as of one index, replaced by an atomic rename) and {@code LOCK} (held while a store is open).
 * Start-up reads the snapshot, replays the journal records above its index and cuts a torn tail; damage
 * with valid records after it stops the start, or is moved to {@code journal.log.corrupt-<UTC time>} with
 * {@link dev.signpost.core.storage.RepairMode#SET_ASIDE} ({@code TailRecovery}). Snapshot and journal are
 * read and written as streams, one instance at a time (a million instances are 200 MB of JSON): the
 * snapshot is never one tree or one byte array in memory.
 *
 * <p>Threading: {@code append} and {@code compact} only queue work; one thread, {@code signpost-journal},
 * writes, syncs once per batch (group commit), completes the appends' stages in order and cuts the
 * journal once a snapshot is durable; the snapshot itself is written by {@code signpost-snapshot}, so
 * appends go on meanwhile. {@code close()} drains the queue (a snapshot being written included) and stops
 * both. A {@link dev.signpost.core.storage.CommitObserver} given at open is told of each group commit (its
 * changes and time) on the journal's thread: the launcher's meters.
 *
 * <p>Depends on the JDK and Jackson's streaming parser and tree model ({@code JournalCodec},
 * {@code InstanceCodec} map every field by hand; no annotations on core records, no default typing).
 * Jackson is used nowhere else in core.
 */
package dev.signpost.core.storage;
