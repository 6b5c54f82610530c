package dev.signpost.admin.consul;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.RegistryMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's description ({@code /v1/agent/self}) from the node identity, the registry's counts
 * ({@code Stats.signpost}), the cluster ({@code Stats.signpost_cluster}) and each instance's status
 * ({@code Stats.signpost_instance_status}). {@code Member} is this node exactly as
 * {@code /v1/agent/members} lists it.
 */
final class AgentSelfMapper {

  private final NodeIdentity node;
  private final MemberMapper members;

  AgentSelfMapper(NodeIdentity node) {
    this.node = node;
    this.members = new MemberMapper(node.version());
  }

  AgentSelfJson toJson(RegistryMetrics metrics, List<Instance> instances, ClusterView cluster) {
    AgentSelfJson.Config config = new AgentSelfJson.Config(node.datacenter(), node.datacenter(), node.name(),
        node.id(), true, "", node.version());
    Map<String, Map<String, String>> stats = new LinkedHashMap<>();
    stats.put("signpost", stats(metrics));
    stats.put("signpost_cluster", cluster(cluster));
    stats.put("signpost_instance_status", statuses(instances));
    return new AgentSelfJson(config, members.toJson(cluster.self(), cluster), NodeIdentity.meta(), stats);
  }

  /**
   * The nodes this one knows. Whether the shared store accepts writes is {@code Stats.signpost.store}, the
   * one place it is told.
   */
  private Map<String, String> cluster(ClusterView cluster) {
    Map<String, String> stats = new LinkedHashMap<>();
    stats.put("node", node.name());
    stats.put("datacenter", node.datacenter());
    stats.put("members", Integer.toString(cluster.members().size()));
    stats.put("members_alive", Integer.toString(cluster.live().size()));
    stats.put("members_failed", Long.toString(cluster.failed()));
    return stats;
  }

  /** Instance id → status ({@code "passing"}, ..., {@code "maintenance"}), in the given (id) order. */
  private static Map<String, String> statuses(List<Instance> instances) {
    Map<String, String> statuses = new LinkedHashMap<>();
    instances.forEach(i -> statuses.put(i.id(), i.status().wireName()));
    return statuses;
  }

  /** Strings, as in Consul's {@code Stats}, whose clients decode a map of maps of strings. */
  private static Map<String, String> stats(RegistryMetrics metrics) {
    Map<String, String> stats = new LinkedHashMap<>();
    stats.put("index", Long.toString(metrics.index()));
    stats.put("services", Integer.toString(metrics.services()));
    stats.put("instances", Integer.toString(metrics.instances()));
    for (HealthStatus s : HealthStatus.values()) {
      stats.put("instances_" + s.wireName(), Integer.toString(metrics.instancesByStatus().getOrDefault(s, 0)));
    }
    stats.put("services_failing_open", Integer.toString(metrics.servicesFailingOpen()));
    stats.put("checks_run", Long.toString(metrics.checksRun()));
    stats.put("check_failures", Long.toString(metrics.checkFailures()));
    stats.put("store", metrics.storeFailure().map(why -> "failing: " + why).orElse("healthy"));
    return stats;
  }
}
