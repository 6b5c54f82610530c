package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Consul's {@code NodeServiceList}: {@code GET /v1/catalog/node-services/{node}}, the services as a list. */
record NodeServiceListJson(
    @JsonProperty("Node") NodeJson node,
    @JsonProperty("Services") List<AgentServiceJson> services) {}
