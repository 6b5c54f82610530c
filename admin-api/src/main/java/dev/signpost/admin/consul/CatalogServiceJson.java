package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Consul's {@code CatalogService}: one instance with the node that serves it (this agent or an external node). */
record CatalogServiceJson(
    @JsonProperty("ID") String nodeId,
    @JsonProperty("Node") String node,
    @JsonProperty("Address") String nodeAddress,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
    @JsonProperty("NodeMeta") Map<String, String> nodeMeta,
    @JsonProperty("ServiceKind") String serviceKind,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("ServiceName") String serviceName,
    @JsonProperty("ServiceTags") List<String> serviceTags,
    @JsonProperty("ServiceAddress") String serviceAddress,
    @JsonProperty("ServiceTaggedAddresses") @JsonInclude(Include.NON_EMPTY)
        Map<String, ServiceAddressJson> serviceTaggedAddresses,
    @JsonProperty("ServiceWeights") WeightsJson serviceWeights,
    @JsonProperty("ServiceMeta") Map<String, String> serviceMeta,
    @JsonProperty("ServicePort") int servicePort,
    @JsonProperty("ServiceEnableTagOverride") boolean serviceEnableTagOverride,
    @JsonProperty("ServiceLocality") @JsonInclude(Include.NON_NULL) LocalityJson serviceLocality,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {}
