package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Consul's {@code AgentService}, in Consul's field order. The agent endpoints fill {@code Datacenter}
 * and leave the indexes out; the health endpoint's {@code Service} does the opposite, as Consul does.
 */
record AgentServiceJson(
    @JsonProperty("ID") String id,
    @JsonProperty("Service") String service,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Port") int port,
    @JsonProperty("Address") String address,
    @JsonProperty("TaggedAddresses") @JsonInclude(Include.NON_EMPTY) Map<String, ServiceAddressJson> taggedAddresses,
    @JsonProperty("Weights") WeightsJson weights,
    @JsonProperty("EnableTagOverride") boolean enableTagOverride,
    @JsonProperty("CreateIndex") @JsonInclude(Include.NON_NULL) Long createIndex,
    @JsonProperty("ModifyIndex") @JsonInclude(Include.NON_NULL) Long modifyIndex,
    @JsonProperty("Datacenter") @JsonInclude(Include.NON_NULL) String datacenter,
    @JsonProperty("Locality") @JsonInclude(Include.NON_NULL) LocalityJson locality) {}
