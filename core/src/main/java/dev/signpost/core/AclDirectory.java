package dev.signpost.core;

import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The ACL tokens and policies kept with the registry: durable (journal and snapshot), indexed like every
 * registry change, and visible only once durable. Reads see what is visible; writes are decided on the
 * latest accepted state.
 */
public final class AclDirectory {

  private final Registry registry;

  AclDirectory(Registry registry) {
    this.registry = registry;
  }

  public Optional<AclToken> token(String accessorId) {
    return registry.acl().token(accessorId);
  }

  /** The token whose secret this is, compared in constant time; empty for an unknown one. */
  public Optional<AclToken> tokenBySecret(String secret) {
    return registry.acl().tokenBySecret(secret);
  }

  /** Every token, oldest first. */
  public List<AclToken> tokens() {
    return registry.acl().tokens();
  }

  /** The policy with this id, the built-in global-management one included. */
  public Optional<AclPolicy> policy(String id) {
    return registry.acl().policy(id);
  }

  public Optional<AclPolicy> policyByName(String name) {
    return policies().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Every policy, the built-in one first, then by name. */
  public List<AclPolicy> policies() {
    return registry.acl().policies();
  }

  /** Creates or replaces a policy; completes once durable and visible. */
  public CompletionStage<AclPolicy> putPolicy(AclPolicy policy) {
    return registry.putAclPolicy(policy);
  }

  public CompletionStage<Optional<AclPolicy>> deletePolicy(String id) {
    return registry.removeAclPolicy(id);
  }

  /** Creates or replaces a token; completes once durable and visible. */
  public CompletionStage<AclToken> putToken(AclToken token) {
    return registry.putAclToken(token, false);
  }

  /**
   * Stores the first management token.
   *
   * @throws IllegalStateException once a management token exists
   */
  public CompletionStage<AclToken> bootstrap(AclToken token) {
    if (!token.management()) {
      throw new IllegalArgumentException("a bootstrap token links the " + AclPolicy.GLOBAL_MANAGEMENT_NAME
          + " policy");
    }
    return registry.putAclToken(token, true);
  }

  public CompletionStage<Optional<AclToken>> deleteToken(String accessorId) {
    return registry.removeAclToken(accessorId);
  }
}
