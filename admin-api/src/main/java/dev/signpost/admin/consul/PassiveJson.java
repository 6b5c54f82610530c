package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A stored policy's {@code Passive} object, every field filled in; durations as Go duration strings. */
record PassiveJson(
    @JsonProperty("Enabled") boolean enabled,
    @JsonProperty("ConsecutiveFailures") int consecutiveFailures,
    @JsonProperty("FailureRatePercent") int failureRatePercent,
    @JsonProperty("MinimumCalls") int minimumCalls,
    @JsonProperty("Window") String window,
    @JsonProperty("EjectionTime") String ejectionTime,
    @JsonProperty("MaxEjectionTime") String maxEjectionTime,
    @JsonProperty("HalfOpenSuccesses") int halfOpenSuccesses,
    @JsonProperty("MaxEjectedPercent") int maxEjectedPercent) {}
