/**
 * The event history: what changed in the registry, when, who changed it and what it meant for DNS.
 *
 * <p>Entry point: {@link dev.signpost.core.events.EventHistory}, a registry listener that keeps the last N
 * entries in memory (and, with a data directory, in {@code events.log}, written by a thread of its own), logs
 * each change as one line ({@code dev.signpost.events}) and feeds live subscribers (the HTTP API's event
 * stream). Entries are derived from the registry's events ({@code EntryDerivation}); the file's JSON is
 * {@link dev.signpost.core.storage.HistoryCodec}'s, since Jackson stays in the storage package. Depends on
 * core only.
 */
package dev.signpost.core.events;
