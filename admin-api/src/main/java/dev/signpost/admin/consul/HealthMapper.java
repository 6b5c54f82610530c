package dev.signpost.admin.consul;

import dev.signpost.core.Instance;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** An {@link Instance} as Consul's {@code ServiceEntry}: the node, the service and its checks. */
final class HealthMapper {

  private final InstanceNodes nodes;
  private final AgentServiceMapper services;
  private final CheckMapper checks;

  HealthMapper(InstanceNodes nodes, AgentServiceMapper services, CheckMapper checks) {
    this.nodes = nodes;
    this.services = services;
    this.checks = checks;
  }

  /**
   * The node's {@code serfHealth} check comes first, then the instance's checks, as Consul lists them; an
   * external node runs no agent and has no {@code serfHealth}.
   */
  ServiceEntryJson toJson(Instance i, InetSocketAddress local) {
    NodeJson nodeJson = nodes.json(i, local);
    List<HealthCheckJson> all = new ArrayList<>();
    if (!i.isExternal()) {
      all.add(checks.nodeCheck());
    }
    all.addAll(checks.checks(i));
    return new ServiceEntryJson(nodeJson, services.forHealth(i), all);
  }
}
