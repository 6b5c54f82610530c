package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code PUT /v1/signpost/instance/{id}/outcomes} as counts whose order is unknown; an absent count is 0. */
record OutcomeCountsJson(
    @JsonProperty("Successes") Long successes,
    @JsonProperty("Failures") Long failures) {}
