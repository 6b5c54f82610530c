package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Consul's {@code AgentServiceChecksInfo}: one instance's aggregated status with the service and its
 * checks, as {@code /v1/agent/health/service/...} answers. For an unknown id Consul sends
 * {@code critical} with a null service and null checks.
 */
record AgentServiceHealthJson(
    @JsonProperty("AggregatedStatus") String aggregatedStatus,
    @JsonProperty("Service") AgentServiceJson service,
    @JsonProperty("Checks") List<HealthCheckJson> checks) {}
