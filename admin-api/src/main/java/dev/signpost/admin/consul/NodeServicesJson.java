package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Consul's {@code NodeServices}: {@code GET /v1/catalog/node/{node}}, the services by id. */
record NodeServicesJson(
    @JsonProperty("Node") NodeJson node,
    @JsonProperty("Services") Map<String, AgentServiceJson> services) {}
