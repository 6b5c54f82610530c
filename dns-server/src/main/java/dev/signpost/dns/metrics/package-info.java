/**
 * Signpost's meters (Micrometer): queries by type, response code and transport with their duration, the
 * registry's, health engine's and passive health's ({@link dev.signpost.dns.metrics.PassiveMeters}) numbers read
 * at scrape time, and what core tells through its observers: the store's group commits
 * ({@link dev.signpost.dns.metrics.StoreMeters}) and each probe's duration
 * ({@link dev.signpost.dns.metrics.CheckMeters}). The launcher owns the registry and hands
 * its Prometheus scrape to the HTTP API's {@code GET /metrics}.
 *
 * <p>Threading: {@link dev.signpost.dns.metrics.QueryMetrics#record} runs on DNS event loops for every
 * query and is lock-free after the first query of each kind.
 */
package dev.signpost.dns.metrics;
