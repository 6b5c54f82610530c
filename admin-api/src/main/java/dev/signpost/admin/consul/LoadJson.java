package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the load-aware strategies currently know about one instance, as
 * {@code GET /v1/signpost/instance/{id}/load} serves it.
 *
 * @param activeConnections the last reported count; null when the instance never reported one
 * @param checkLatencyMillis the moving average of successful probe times in milliseconds (with fractions);
 *     null before the first successful HTTP or TCP probe
 * @param failedRecently whether a probe failed within the last minute, which puts the instance last for
 *     the latency strategy
 */
record LoadJson(
    @JsonProperty("ID") String id,
    @JsonProperty("ActiveConnections") Long activeConnections,
    @JsonProperty("CheckLatencyMillis") Double checkLatencyMillis,
    @JsonProperty("FailedRecently") boolean failedRecently) {}
