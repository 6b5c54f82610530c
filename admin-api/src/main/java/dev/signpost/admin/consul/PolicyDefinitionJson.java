package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /v1/signpost/policy/{service}}. Boxed so that an absent field is told apart from
 * a zero: {@code TTL} absent means the zone's TTL, {@code AnswerLimit} absent means no limit, {@code Passive}
 * absent means the global passive health setting ({@code --passive-health}).
 *
 * @param ttl seconds
 */
record PolicyDefinitionJson(
    @JsonProperty("Strategy") String strategy,
    @JsonProperty("TTL") Long ttl,
    @JsonProperty("AnswerLimit") Integer answerLimit,
    @JsonProperty("Passive") PassiveDefinitionJson passive) {}
