package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service's stored DNS policy, as {@code /v1/signpost/policy/{service}} and {@code /v1/signpost/policies}
 * serve it.
 *
 * @param ttl seconds; null when the service's answers carry the zone's TTL
 * @param answerLimit 0 means no limit; null when the global limit ({@code --answer-limit}) applies
 * @param passive the service's passive health; null when the global setting ({@code --passive-health}) applies
 */
record PolicyJson(
    @JsonProperty("Service") String service,
    @JsonProperty("Strategy") String strategy,
    @JsonProperty("TTL") Long ttl,
    @JsonProperty("AnswerLimit") Integer answerLimit,
    @JsonProperty("Passive") PassiveJson passive) {}
