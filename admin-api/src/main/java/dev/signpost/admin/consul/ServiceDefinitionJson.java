package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /v1/agent/service/register}: a Consul service definition. Every field may be
 * absent; {@link ServiceDefinitionMapper} applies Consul's defaults and the checks.
 *
 * @param port a {@code Long} so that a number out of range gets the port's own message, not Jackson's
 */
record ServiceDefinitionJson(
    @JsonProperty("ID") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Address") String address,
    @JsonProperty("Port") Long port,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Weights") WeightsJson weights,
    @JsonProperty("Locality") LocalityJson locality,
    @JsonProperty("Check") CheckDefinitionJson check,
    @JsonProperty("Checks") List<CheckDefinitionJson> checks) {}
