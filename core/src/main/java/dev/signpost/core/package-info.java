/**
 * Signpost's registry as plain Java: the model ({@link dev.signpost.core.Instance},
 * {@link dev.signpost.core.CheckSpec}, {@link dev.signpost.core.InstanceHealth}), the registry with its
 * index and events, and what DNS serves of each service ({@link dev.signpost.core.ServingPolicy}).
 *
 * <p>Entry point: {@link dev.signpost.core.ServiceDiscovery}. Writes are serialized by one lock (index,
 * journal append, memory, events, in that order); reads take no lock. Listeners run on the writing
 * thread under that lock.
 *
 * <p>Depends on the JDK only (Jackson is confined to the storage package). Knows nothing of DNS wire
 * formats, Netty or HTTP servers.
 */
package dev.signpost.core;
