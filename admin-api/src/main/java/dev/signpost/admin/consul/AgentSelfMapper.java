package dev.signpost.admin.consul;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.RegistryMetrics;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's description ({@code /v1/agent/self}) from the node identity, the registry's counts
 * ({@code Stats.signpost}) and each instance's status ({@code Stats.signpost_instance_status}).
 */
final class AgentSelfMapper {

  /** Consul's Serf member status "alive". */
  private static final int MEMBER_ALIVE = 1;

  private final NodeIdentity node;

  AgentSelfMapper(NodeIdentity node) {
    this.node = node;
  }

  AgentSelfJson toJson(RegistryMetrics metrics, List<Instance> instances, InetSocketAddress local) {
    AgentSelfJson.Config config = new AgentSelfJson.Config(node.datacenter(), node.datacenter(), node.name(),
        node.id(), true, "", node.version());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("dc", node.datacenter());
    tags.put("id", node.id());
    tags.put("role", "consul");
    tags.put("build", node.version());
    AgentSelfJson.Member member = new AgentSelfJson.Member(node.name(), node.address(local), local.getPort(), tags,
        MEMBER_ALIVE, 1, 5, 2, 2, 5, 4);
    Map<String, Map<String, String>> stats = new LinkedHashMap<>();
    stats.put("signpost", stats(metrics));
    stats.put("signpost_instance_status", statuses(instances));
    return new AgentSelfJson(config, member, node.meta(), stats);
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
