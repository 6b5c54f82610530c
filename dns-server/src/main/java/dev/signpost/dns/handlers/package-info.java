/**
 * The handlers of the query chain, one concern each, in the order {@code dns.QueryPipeline#standard}
 * declares: {@link dev.signpost.dns.handlers.MetricsHandler}, {@link dev.signpost.dns.handlers.RecoverHandler},
 * {@link dev.signpost.dns.handlers.RecursionAvailableHandler}, {@link dev.signpost.dns.handlers.ChaosHandler},
 * {@link dev.signpost.dns.handlers.WireRulesHandler}, {@link dev.signpost.dns.handlers.StaticZoneHandler},
 * {@link dev.signpost.dns.handlers.RegistryZoneHandler} and {@link dev.signpost.dns.handlers.RefuseHandler}
 * (the forwarder's handler lives in {@code dns.forward}).
 *
 * <p>Each owns some names or rules and passes the rest on. They run on the transport's event loops and never
 * block; they see {@code dns.chain} values, never Netty buffers (a test keeps Netty out of this package).
 * Depends on {@code dns.chain}, {@code dns.wire}, {@code dns.metrics}, zones, core and dnsjava.
 */
package dev.signpost.dns.handlers;
