package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One call's outcome in {@code PUT /v1/signpost/instance/{id}/outcomes}: {@code Success}, or the {@code Code}
 * the call ended with, which says it (0, 408, 429 and 5xx are failures); {@code LatencyMs} optional.
 */
record OutcomeJson(
    @JsonProperty("Success") Boolean success,
    @JsonProperty("LatencyMs") Double latencyMs,
    @JsonProperty("Code") Integer code) {}
