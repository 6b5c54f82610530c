package dev.signpost.admin.consul;

import dev.signpost.core.cluster.Member;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Member} as Consul's {@code AgentMember}: {@code /v1/agent/members}, and {@code Member} in
 * {@code /v1/agent/self}.
 */
final class MemberMapper {

  /** Serf's member status codes, as Consul reports them: 1 alive, 2 leaving, 3 left, 4 failed. */
  static final int ALIVE = 1;
  static final int FAILED = 4;
  /**
   * Consul's role for a server. Every Signpost node is one in Consul's terms: it accepts writes,
   * {@code /v1/status/peers} lists it and {@code /v1/agent/self} says {@code Server: true}; a Consul client
   * agent would be {@code node}.
   */
  private static final String SERVER_ROLE = "consul";

  /** This node's version; the other nodes' is not known, so only this node's tags carry {@code build}. */
  private final String version;

  MemberMapper(String version) {
    this.version = version;
  }

  AgentMemberJson toJson(Member member, ClusterView view) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("dc", member.datacenter());
    tags.put("id", NodeIdentity.idOf(member.name()));
    tags.put("role", SERVER_ROLE);
    if (member.name().equals(view.self().name())) {
      tags.put("build", version);
    }
    // Port: Consul reports the Serf LAN port (8301); Signpost has no gossip, so it reports the HTTP API's.
    return new AgentMemberJson(member.name(), view.address(member), view.port(member), tags,
        member.alive() ? ALIVE : FAILED, 1, 5, 2, 2, 5, 4);
  }
}
