package dev.signpost.core.acl;

/** The three authorizers that need no rules, as Consul's static ones. */
enum StaticAuthorizer implements Authorizer {
  /** Everything, ACL management included: Consul's global-management policy. */
  MANAGE(true, true),
  /** Everything but ACL management: Consul's default policy "allow". */
  ALLOW(true, false),
  /** Nothing: Consul's default policy "deny". */
  DENY(false, false);

  private final boolean allow;
  private final boolean manage;

  StaticAuthorizer(boolean allow, boolean manage) {
    this.allow = allow;
    this.manage = manage;
  }

  @Override
  public boolean serviceRead(String service) {
    return allow;
  }

  @Override
  public boolean serviceWrite(String service) {
    return allow;
  }

  @Override
  public boolean nodeRead(String node) {
    return allow;
  }

  @Override
  public boolean nodeWrite(String node) {
    return allow;
  }

  @Override
  public boolean agentRead(String node) {
    return allow;
  }

  @Override
  public boolean agentWrite(String node) {
    return allow;
  }

  @Override
  public boolean operatorRead() {
    return allow;
  }

  @Override
  public boolean operatorWrite() {
    return allow;
  }

  @Override
  public boolean aclRead() {
    return manage;
  }

  @Override
  public boolean aclWrite() {
    return manage;
  }

  @Override
  public boolean keyRead(String key) {
    return allow;
  }

  @Override
  public boolean keyList(String prefix) {
    return allow;
  }

  @Override
  public boolean keyWrite(String key) {
    return allow;
  }

  @Override
  public boolean keyWritePrefix(String prefix) {
    return allow;
  }
}
