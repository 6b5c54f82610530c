/**
 * Signpost's meters (Micrometer): queries by type, response code and transport with their duration, and
 * the registry's and health engine's numbers read at scrape time. The launcher owns the registry and hands
 * its Prometheus scrape to the HTTP API's {@code GET /metrics}.
 *
 * <p>Threading: {@link dev.signpost.dns.metrics.QueryMetrics#record} runs on DNS event loops for every
 * query and is lock-free after the first query of each kind.
 */
package dev.signpost.dns.metrics;
