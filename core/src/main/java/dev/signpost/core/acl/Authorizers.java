package dev.signpost.core.acl;

import java.util.List;
import java.util.Objects;

/** Makes {@link Authorizer}s: from a token's policies, or the fixed ones Consul has. */
public final class Authorizers {

  private Authorizers() {}

  /**
   * What a token holding {@code policies} may do. Their rules are merged rule by rule (for the same resource,
   * segment and kind, deny beats write beats list beats read); a question no merged rule answers gets
   * {@code defaultAllow}, except ACL management, which only a rule grants.
   */
  public static Authorizer of(List<AclRules> policies, boolean defaultAllow) {
    Objects.requireNonNull(policies, "policies");
    AclRules merged = AclRules.merge(policies);
    if (merged.equals(AclRules.NONE)) {
      return defaultAllow ? allowAll() : denyAll();
    }
    return new PolicyAuthorizer(merged, defaultAllow);
  }

  /** Everything, ACL management included: Consul's {@code global-management} policy. */
  public static Authorizer management() {
    return StaticAuthorizer.MANAGE;
  }

  /**
   * Everything but ACL management ({@code acl:read}, {@code acl:write}): what Consul's default policy
   * {@code allow} grants a token without rules.
   */
  public static Authorizer allowAll() {
    return StaticAuthorizer.ALLOW;
  }

  /** Nothing at all. */
  public static Authorizer denyAll() {
    return StaticAuthorizer.DENY;
  }
}
