package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Consul's {@code Node}, as the health endpoint nests it. */
record NodeJson(
    @JsonProperty("ID") String id,
    @JsonProperty("Node") String node,
    @JsonProperty("Address") String address,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {}
