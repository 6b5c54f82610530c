package dev.signpost.core.acl;

import java.util.List;

/** The ACL part of what a store holds: every token and every policy but the built-in one. */
public record AclState(List<AclToken> tokens, List<AclPolicy> policies) {

  public static final AclState EMPTY = new AclState(List.of(), List.of());

  public AclState {
    tokens = List.copyOf(tokens);
    policies = List.copyOf(policies);
  }
}
