package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A policy's {@code Passive} object as {@code PUT /v1/signpost/policy/{service}} takes it. Every field is
 * optional: an absent one takes its default, and {@code Enabled} is true unless it says false. Durations are
 * Go duration strings ({@code "30s"}).
 */
record PassiveDefinitionJson(
    @JsonProperty("Enabled") Boolean enabled,
    @JsonProperty("ConsecutiveFailures") Integer consecutiveFailures,
    @JsonProperty("FailureRatePercent") Integer failureRatePercent,
    @JsonProperty("MinimumCalls") Integer minimumCalls,
    @JsonProperty("Window") Duration window,
    @JsonProperty("EjectionTime") Duration ejectionTime,
    @JsonProperty("MaxEjectionTime") Duration maxEjectionTime,
    @JsonProperty("HalfOpenSuccesses") Integer halfOpenSuccesses,
    @JsonProperty("MaxEjectedPercent") Integer maxEjectedPercent) {}
