package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a report of outcomes did.
 *
 * @param passive whether passive health is on for the instance's service; off, the report fed latency only
 * @param state the instance's circuit breaker after the report ({@code closed}, {@code open}, {@code half-open});
 *     null with passive health off, or when another node of the cluster keeps the breaker
 * @param checkId the passive check's id; null with passive health off
 * @param status the passive check's status ({@code passing}, {@code warning}, {@code critical}); null with passive
 *     health off
 */
record OutcomeReplyJson(
    @JsonProperty("ID") String id,
    @JsonProperty("Service") String service,
    @JsonProperty("Passive") boolean passive,
    @JsonProperty("Successes") long successes,
    @JsonProperty("Failures") long failures,
    @JsonProperty("State") String state,
    @JsonProperty("CheckID") String checkId,
    @JsonProperty("Status") String status,
    @JsonProperty("Output") String output) {}
