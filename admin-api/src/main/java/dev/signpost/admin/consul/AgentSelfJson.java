package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code GET /v1/agent/self}: the parts of Consul's answer that clients read, plus Signpost's counts in {@code Stats}. */
record AgentSelfJson(
    @JsonProperty("Config") Config config,
    @JsonProperty("Member") AgentMemberJson member,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Stats") Map<String, Map<String, String>> stats) {

  record Config(
      @JsonProperty("Datacenter") String datacenter,
      @JsonProperty("PrimaryDatacenter") String primaryDatacenter,
      @JsonProperty("NodeName") String nodeName,
      @JsonProperty("NodeID") String nodeId,
      @JsonProperty("Server") boolean server,
      @JsonProperty("Revision") String revision,
      @JsonProperty("Version") String version) {}
}
