package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Consul's {@code AgentMember}: a node as a gossip member ({@code /v1/agent/members}, and {@code Member} in
 * {@code /v1/agent/self}). Signpost has no gossip, so the protocol numbers are Consul's current ones.
 */
record AgentMemberJson(
    @JsonProperty("Name") String name,
    @JsonProperty("Addr") String addr,
    @JsonProperty("Port") int port,
    @JsonProperty("Tags") Map<String, String> tags,
    @JsonProperty("Status") int status,
    @JsonProperty("ProtocolMin") int protocolMin,
    @JsonProperty("ProtocolMax") int protocolMax,
    @JsonProperty("ProtocolCur") int protocolCur,
    @JsonProperty("DelegateMin") int delegateMin,
    @JsonProperty("DelegateMax") int delegateMax,
    @JsonProperty("DelegateCur") int delegateCur) {}
