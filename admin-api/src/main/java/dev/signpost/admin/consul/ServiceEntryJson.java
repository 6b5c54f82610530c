package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Consul's {@code ServiceEntry}: an element of {@code GET /v1/health/service/{name}}. */
record ServiceEntryJson(
    @JsonProperty("Node") NodeJson node,
    @JsonProperty("Service") AgentServiceJson service,
    @JsonProperty("Checks") List<HealthCheckJson> checks) {}
