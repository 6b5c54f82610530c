package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /v1/catalog/register}: a node, and optionally one service on it and checks of its
 * services. Every field may be absent; {@link CatalogRegistrationMapper} applies Consul's defaults and the
 * checks. Consul's {@code Service.TaggedAddresses}, {@code Check.Definition} and the like are not read: the
 * catalog runs nothing.
 */
record CatalogRegistrationJson(
    @JsonProperty("ID") String id,
    @JsonProperty("Node") String node,
    @JsonProperty("Address") String address,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
    @JsonProperty("NodeMeta") Map<String, String> nodeMeta,
    @JsonProperty("Service") Service service,
    @JsonProperty("Check") Check check,
    @JsonProperty("Checks") List<Check> checks,
    @JsonProperty("SkipNodeUpdate") Boolean skipNodeUpdate) {

  /** Consul's {@code AgentService} as the catalog takes it: {@code Service} is the name. */
  record Service(
      @JsonProperty("ID") String id,
      @JsonProperty("Service") String service,
      @JsonProperty("Tags") List<String> tags,
      @JsonProperty("Address") String address,
      @JsonProperty("Port") Long port,
      @JsonProperty("Meta") Map<String, String> meta,
      @JsonProperty("Weights") WeightsJson weights) {}

  /** Consul's {@code HealthCheck} as the catalog takes it: a stored status, never run. */
  record Check(
      @JsonProperty("Node") String node,
      @JsonProperty("CheckID") String checkId,
      @JsonProperty("Name") String name,
      @JsonProperty("Notes") String notes,
      @JsonProperty("Status") String status,
      @JsonProperty("Output") String output,
      @JsonProperty("ServiceID") String serviceId) {}
}
