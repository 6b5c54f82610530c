package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Consul's {@code HealthCheck}: one check's definition and state. Consul serves the same shape as
 * {@code AgentCheck} ({@code /v1/agent/checks}), so the health and agent endpoints share it.
 */
record HealthCheckJson(
    @JsonProperty("Node") String node,
    @JsonProperty("CheckID") String checkId,
    @JsonProperty("Name") String name,
    @JsonProperty("Status") String status,
    @JsonProperty("Notes") String notes,
    @JsonProperty("Output") String output,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("ServiceName") String serviceName,
    @JsonProperty("ServiceTags") List<String> serviceTags,
    @JsonProperty("Type") String type,
    @JsonProperty("Interval") String interval,
    @JsonProperty("Timeout") String timeout,
    @JsonProperty("ExposedPort") int exposedPort,
    @JsonProperty("Definition") Definition definition,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {

  /** Consul's {@code HealthCheckDefinition}: how the check runs, durations as Go strings. */
  record Definition(
      @JsonProperty("HTTP") String http,
      @JsonProperty("Header") Map<String, List<String>> header,
      @JsonProperty("Method") String method,
      @JsonProperty("TLSSkipVerify") boolean tlsSkipVerify,
      @JsonProperty("DisableRedirects") boolean disableRedirects,
      @JsonProperty("TCP") String tcp,
      @JsonProperty("TTL") String ttl,
      @JsonProperty("Interval") String interval,
      @JsonProperty("Timeout") String timeout,
      @JsonProperty("DeregisterCriticalServiceAfter") String deregisterCriticalServiceAfter) {}
}
