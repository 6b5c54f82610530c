package dev.signpost.core.acl;

import java.util.Optional;

/**
 * A token's merged rules in front of the default policy, as Consul chains a token's policy authorizer before
 * its default one: the first with a rule for the question answers it. The ACL resource never falls to the
 * default policy: Consul's "allow" default covers everything but ACL management.
 */
final class PolicyAuthorizer implements Authorizer {

  private final AclRules rules;
  private final boolean defaultAllow;

  PolicyAuthorizer(AclRules rules, boolean defaultAllow) {
    this.rules = rules;
    this.defaultAllow = defaultAllow;
  }

  @Override
  public boolean serviceRead(String service) {
    return decide(rules.services().lookup(service), Access.READ, defaultAllow);
  }

  @Override
  public boolean serviceWrite(String service) {
    return decide(rules.services().lookup(service), Access.WRITE, defaultAllow);
  }

  @Override
  public boolean nodeRead(String node) {
    return decide(rules.nodes().lookup(node), Access.READ, defaultAllow);
  }

  @Override
  public boolean nodeWrite(String node) {
    return decide(rules.nodes().lookup(node), Access.WRITE, defaultAllow);
  }

  @Override
  public boolean agentRead(String node) {
    return decide(rules.agents().lookup(node), Access.READ, defaultAllow);
  }

  @Override
  public boolean agentWrite(String node) {
    return decide(rules.agents().lookup(node), Access.WRITE, defaultAllow);
  }

  @Override
  public boolean operatorRead() {
    return decide(rules.operator(), Access.READ, defaultAllow);
  }

  @Override
  public boolean operatorWrite() {
    return decide(rules.operator(), Access.WRITE, defaultAllow);
  }

  @Override
  public boolean aclRead() {
    return decide(rules.acl(), Access.READ, false);
  }

  @Override
  public boolean aclWrite() {
    return decide(rules.acl(), Access.WRITE, false);
  }

  @Override
  public boolean keyRead(String key) {
    return decide(rules.keys().lookup(key), Access.READ, defaultAllow);
  }

  @Override
  public boolean keyList(String prefix) {
    return decide(rules.keys().lookup(prefix), Access.LIST, defaultAllow);
  }

  @Override
  public boolean keyWrite(String key) {
    return decide(rules.keys().lookup(key), Access.WRITE, defaultAllow);
  }

  @Override
  public boolean keyWritePrefix(String prefix) {
    return rules.keys().writesEverythingUnder(prefix).orElse(defaultAllow);
  }

  private static boolean decide(Optional<Access> rule, Access required, boolean otherwise) {
    return rule.map(a -> a.grants(required)).orElse(otherwise);
  }
}
