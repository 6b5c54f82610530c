package dev.signpost.admin.consul;

import dev.signpost.core.Instance;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** An {@link Instance} as Consul's {@code ServiceEntry}: the node, the service and its checks. */
final class HealthMapper {

  private final NodeIdentity node;
  private final AgentServiceMapper services;
  private final CheckMapper checks;

  HealthMapper(NodeIdentity node, AgentServiceMapper services, CheckMapper checks) {
    this.node = node;
    this.services = services;
    this.checks = checks;
  }

  /** The node's {@code serfHealth} check comes first, then the instance's checks, as Consul lists them. */
  ServiceEntryJson toJson(Instance i, InetSocketAddress local) {
    NodeJson nodeJson = new NodeJson(node.id(), node.name(), node.address(local), node.datacenter(),
        node.taggedAddresses(local), NodeIdentity.meta(), CheckMapper.NODE_INDEX, CheckMapper.NODE_INDEX);
    List<HealthCheckJson> all = new ArrayList<>();
    all.add(checks.nodeCheck());
    all.addAll(checks.checks(i));
    return new ServiceEntryJson(nodeJson, services.forHealth(i), all);
  }
}
