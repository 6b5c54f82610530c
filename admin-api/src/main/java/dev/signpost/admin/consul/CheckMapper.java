package dev.signpost.admin.consul;

import dev.signpost.admin.json.GoDuration;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * An instance's checks as Consul's {@code HealthCheck} (which is also the {@code AgentCheck} the agent
 * endpoints serve): each check with its own state and output, Consul's synthetic maintenance check for
 * an instance in maintenance, Signpost's passive check ({@code _signpost_passive:<id>}) for an instance whose
 * service has passive health on, and the node's {@code serfHealth} check.
 */
final class CheckMapper {

  /** The node's own check, which Consul's clients expect in health entries. */
  static final String NODE_CHECK_ID = "serfHealth";
  /** Consul's id for an instance's maintenance check is this prefix and the instance id. */
  static final String MAINTENANCE_PREFIX = "_service_maintenance:";
  /** The node exists from the start and never changes. */
  static final long NODE_INDEX = 1;

  private static final HealthCheckJson.Definition NO_DEFINITION =
      new HealthCheckJson.Definition("", null, "", false, false, "", "0s", "0s", "0s", "0s");

  private final NodeIdentity node;
  /** The name of the node an instance is on: this agent's, or an external node's. */
  private final Function<Instance, String> nodeName;

  /** For the agent endpoints, which show this agent's own instances only. */
  CheckMapper(NodeIdentity node) {
    this(node, i -> node.name());
  }

  /** For the catalog-wide endpoints: each check on the node its instance is on. */
  CheckMapper(InstanceNodes nodes) {
    this(nodes.self(), nodes::name);
  }

  private CheckMapper(NodeIdentity node, Function<Instance, String> nodeName) {
    this.node = node;
    this.nodeName = nodeName;
  }

  /**
   * The instance's checks: its maintenance check first when it is in maintenance, then its own, then its
   * passive check when its service has passive health on.
   */
  List<HealthCheckJson> checks(Instance i) {
    List<HealthCheckJson> out = new ArrayList<>(i.checks().size() + 2);
    maintenance(i).ifPresent(out::add);
    for (CheckSpec c : i.checks()) {
      out.add(check(i, c));
    }
    passive(i).ifPresent(out::add);
    return out;
  }

  /** The node's check: always passing, since this agent answering is what it reports. */
  HealthCheckJson nodeCheck() {
    return new HealthCheckJson(node.name(), NODE_CHECK_ID, "Serf Health Status", "passing", "",
        "Agent alive and reachable", "", "", List.of(), "", "", "", 0, NO_DEFINITION, NODE_INDEX, NODE_INDEX);
  }

  private Optional<HealthCheckJson> maintenance(Instance i) {
    return i.health().maintenance().map(reason -> new HealthCheckJson(nodeName.apply(i), MAINTENANCE_PREFIX + i.id(),
        "Service Maintenance Mode", "critical", reason, "", i.id(), i.service().value(), i.tags(), "", "", "", 0,
        NO_DEFINITION, i.createIndex(), i.modifyIndex()));
  }

  /** The circuit breaker's synthetic check: its state only, nothing runs it ({@link PassiveCheck}). */
  private Optional<HealthCheckJson> passive(Instance i) {
    String id = PassiveCheck.id(i.id());
    return i.checkState(id).map(state -> new HealthCheckJson(nodeName.apply(i), id, PassiveCheck.NAME,
        state.status().wireName(), "", state.output(), i.id(), i.service().value(), i.tags(), "passive", "", "", 0,
        NO_DEFINITION, i.createIndex(), i.modifyIndex()));
  }

  private HealthCheckJson check(Instance i, CheckSpec c) {
    CheckState state = i.checkState(c.checkId()).orElseGet(() -> CheckState.initial(c));
    HealthCheckJson.Definition definition = new HealthCheckJson.Definition(c.http(),
        c.header().isEmpty() ? null : c.header(), c.method(), c.tlsSkipVerify(), c.disableRedirects(), c.tcp(),
        go(c.ttl()), go(c.interval()), go(c.timeout()), go(c.deregisterCriticalServiceAfter()));
    // Consul's catalog has no type for a check it does not run: an empty one, as for an external check there.
    String type = c.kind() == CheckSpec.Kind.EXTERNAL ? "" : c.kind().name().toLowerCase(Locale.ROOT);
    return new HealthCheckJson(nodeName.apply(i), c.checkId(), c.name(), state.status().wireName(), c.notes(),
        state.output(), i.id(), i.service().value(), i.tags(), type,
        c.interval().isZero() ? "" : go(c.interval()), c.timeout().isZero() ? "" : go(c.timeout()), 0,
        definition, i.createIndex(), i.modifyIndex());
  }

  private static String go(Duration d) {
    return GoDuration.format(d);
  }
}
