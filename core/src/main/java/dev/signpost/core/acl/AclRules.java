package dev.signpost.core.acl;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One policy's parsed rules, in Consul's rule language, HCL or JSON:
 *
 * <pre>{@code
 * service_prefix "" { policy = "read" }
 * service "db" { policy = "deny" }
 * key_prefix "app/" { policy = "write" }
 * operator = "read"
 * }</pre>
 *
 * <p>Immutable and safe to share. Two rules in one policy for the same resource, segment and kind (exact or
 * prefix) are merged as Consul merges them across policies: deny, then write, then list, then read. Resources
 * Signpost does not serve ({@code session}, {@code event}, {@code query}, {@code keyring}, {@code mesh},
 * {@code peering}, {@code identity}, and {@code intentions} in service blocks) are checked and then dropped.
 */
public final class AclRules {

  /** No rules at all: every decision falls to the default policy. */
  public static final AclRules NONE = new Builder().build();

  private final RuleTable services;
  private final RuleTable nodes;
  private final RuleTable agents;
  private final RuleTable keys;
  private final Access operator;
  private final Access acl;

  private AclRules(Builder b) {
    this.services = b.services.build();
    this.nodes = b.nodes.build();
    this.agents = b.agents.build();
    this.keys = b.keys.build();
    this.operator = b.operator;
    this.acl = b.acl;
  }

  /**
   * Parses a policy's {@code Rules} text, HCL or JSON (Consul accepts both). Empty text is {@link #NONE}.
   *
   * @throws IllegalArgumentException for malformed rules; the message starts with {@code "line N: "}
   */
  public static AclRules parse(String rules) {
    Objects.requireNonNull(rules, "rules");
    return RulesDecoder.decode(RuleParser.parse(rules));
  }

  /** Every rule of every policy in one set, merged rule by rule to the strongest. */
  static AclRules merge(List<AclRules> policies) {
    Builder b = new Builder();
    for (AclRules p : policies) {
      Objects.requireNonNull(p, "a policy's rules");
      b.services.addAll(p.services);
      b.nodes.addAll(p.nodes);
      b.agents.addAll(p.agents);
      b.keys.addAll(p.keys);
      b.operator = Access.strongest(b.operator, p.operator);
      b.acl = Access.strongest(b.acl, p.acl);
    }
    return b.build();
  }

  RuleTable services() {
    return services;
  }

  RuleTable nodes() {
    return nodes;
  }

  RuleTable agents() {
    return agents;
  }

  RuleTable keys() {
    return keys;
  }

  Optional<Access> operator() {
    return Optional.ofNullable(operator);
  }

  Optional<Access> acl() {
    return Optional.ofNullable(acl);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AclRules r && services.equals(r.services) && nodes.equals(r.nodes)
        && agents.equals(r.agents) && keys.equals(r.keys) && operator == r.operator && acl == r.acl;
  }

  @Override
  public int hashCode() {
    return Objects.hash(services, nodes, agents, keys, operator, acl);
  }

  /** The rules Signpost keeps, as canonical HCL that {@link #parse} reads back to an equal value. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    single(s, Resource.ACL, acl);
    single(s, Resource.OPERATOR, operator);
    table(s, Resource.SERVICE, Resource.SERVICE_PREFIX, services);
    table(s, Resource.NODE, Resource.NODE_PREFIX, nodes);
    table(s, Resource.AGENT, Resource.AGENT_PREFIX, agents);
    table(s, Resource.KEY, Resource.KEY_PREFIX, keys);
    return s.toString();
  }

  private static void single(StringBuilder s, Resource r, Access a) {
    if (a != null) {
      s.append(r.ruleName()).append(" = \"").append(a.ruleName()).append("\"\n");
    }
  }

  private static void table(StringBuilder s, Resource exact, Resource prefix, RuleTable t) {
    t.exact().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> block(s, exact, e));
    t.prefix().entrySet().forEach(e -> block(s, prefix, e));
  }

  private static void block(StringBuilder s, Resource r, Map.Entry<String, Access> rule) {
    s.append(r.ruleName()).append(' ').append(RulesDecoder.quote(rule.getKey()))
        .append(" { policy = \"").append(rule.getValue().ruleName()).append("\" }\n");
  }

  /** Collects one policy's rules while they are decoded, or several policies' while they are merged. */
  static final class Builder {
    final RuleTable.Builder services = new RuleTable.Builder(true);
    final RuleTable.Builder nodes = new RuleTable.Builder(true);
    final RuleTable.Builder agents = new RuleTable.Builder(true);
    final RuleTable.Builder keys = new RuleTable.Builder(false);
    Access operator;
    Access acl;

    AclRules build() {
      return new AclRules(this);
    }
  }
}
