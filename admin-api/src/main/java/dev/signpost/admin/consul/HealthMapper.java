package dev.signpost.admin.consul;

import dev.signpost.admin.json.GoDuration;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.Instance;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link Instance} as Consul's {@code ServiceEntry}: the node, the service and its checks. Until the
 * health engine reports per-check results, every check shows the instance's status.
 */
final class HealthMapper {

  /** The node's own check, which Consul's clients expect in every entry. */
  static final String NODE_CHECK_ID = "serfHealth";
  /** The node exists from the start and never changes. */
  private static final long NODE_INDEX = 1;

  private final NodeIdentity node;
  private final AgentServiceMapper services;

  HealthMapper(NodeIdentity node, AgentServiceMapper services) {
    this.node = node;
    this.services = services;
  }

  ServiceEntryJson toJson(Instance i, InetSocketAddress local) {
    NodeJson nodeJson = new NodeJson(node.id(), node.name(), node.address(local), node.datacenter(),
        node.taggedAddresses(local), node.meta(), NODE_INDEX, NODE_INDEX);
    List<HealthCheckJson> checks = new ArrayList<>();
    checks.add(nodeCheck());
    for (CheckSpec c : i.checks()) {
      checks.add(serviceCheck(i, c));
    }
    return new ServiceEntryJson(nodeJson, services.forHealth(i), checks);
  }

  private HealthCheckJson nodeCheck() {
    HealthCheckJson.Definition none = new HealthCheckJson.Definition("", null, "", false, "", "0s", "0s", "0s", "0s");
    return new HealthCheckJson(node.name(), NODE_CHECK_ID, "Serf Health Status", "passing", "",
        "Agent alive and reachable", "", "", List.of(), "", "", "", 0, none, NODE_INDEX, NODE_INDEX);
  }

  private HealthCheckJson serviceCheck(Instance i, CheckSpec c) {
    HealthCheckJson.Definition definition = new HealthCheckJson.Definition(c.http(),
        c.header().isEmpty() ? null : c.header(), c.method(), c.tlsSkipVerify(), c.tcp(), go(c.ttl()),
        go(c.interval()), go(c.timeout()), go(c.deregisterCriticalServiceAfter()));
    return new HealthCheckJson(node.name(), c.checkId(), c.name(), i.status().wireName(), c.notes(), "",
        i.id(), i.service().value(), i.tags(), c.kind().name().toLowerCase(Locale.ROOT),
        c.interval().isZero() ? "" : go(c.interval()), c.timeout().isZero() ? "" : go(c.timeout()), 0,
        definition, i.createIndex(), i.modifyIndex());
  }

  private static String go(Duration d) {
    return GoDuration.format(d);
  }
}
