package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /v1/catalog/deregister}: the node alone removes it with its services and checks;
 * with {@code ServiceID} one service (and its checks), with {@code CheckID} one check.
 */
record CatalogDeregistrationJson(
    @JsonProperty("Node") String node,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("CheckID") String checkId) {}
