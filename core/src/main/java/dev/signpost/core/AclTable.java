package dev.signpost.core;

import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.storage.Change;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visible ACL tokens and policies, changed only by the registry's {@link #apply} (under its write
 * lock) and read without a lock. The built-in global-management policy is always there and never stored.
 */
final class AclTable {

  private final ConcurrentHashMap<String, AclToken> tokens = new ConcurrentHashMap<>();
  /** Secret hash → token: how a request's token is found. */
  private final ConcurrentHashMap<String, AclToken> bySecretHash = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AclPolicy> policies = new ConcurrentHashMap<>();

  AclTable(AclState stored) {
    stored.tokens().forEach(this::put);
    stored.policies().forEach(p -> policies.put(p.id(), p));
  }

  /** Applies an ACL change; false when {@code change} is not one. */
  boolean apply(Change change) {
    if (change instanceof Change.PutAclToken put) {
      AclToken old = tokens.get(put.token().accessorId());
      if (old != null) {
        bySecretHash.remove(old.secretHash(), old);
      }
      put(put.token());
    } else if (change instanceof Change.RemoveAclToken remove) {
      AclToken old = tokens.remove(remove.accessorId());
      if (old != null) {
        bySecretHash.remove(old.secretHash(), old);
      }
    } else if (change instanceof Change.PutAclPolicy put) {
      policies.put(put.policy().id(), put.policy());
    } else if (change instanceof Change.RemoveAclPolicy remove) {
      policies.remove(remove.policyId());
    } else {
      return false;
    }
    return true;
  }

  private void put(AclToken token) {
    tokens.put(token.accessorId(), token);
    bySecretHash.put(token.secretHash(), token);
  }

  Optional<AclToken> token(String accessorId) {
    return Optional.ofNullable(tokens.get(accessorId));
  }

  /** The token whose secret this is; the secret is hashed first, so the lookup never sees it. */
  Optional<AclToken> tokenBySecret(String secret) {
    AclToken t = bySecretHash.get(AclToken.hash(secret));
    return t != null && t.matches(secret) ? Optional.of(t) : Optional.empty();
  }

  /** Every token, oldest first. */
  List<AclToken> tokens() {
    List<AclToken> all = new ArrayList<>(tokens.values());
    all.sort(Comparator.comparingLong(AclToken::createIndex).thenComparing(AclToken::accessorId));
    return all;
  }

  Optional<AclPolicy> policy(String id) {
    return id.equals(AclPolicy.GLOBAL_MANAGEMENT_ID) ? Optional.of(AclPolicy.GLOBAL_MANAGEMENT)
        : Optional.ofNullable(policies.get(id));
  }

  /** Every policy, the built-in one first, then by name. */
  List<AclPolicy> policies() {
    List<AclPolicy> all = new ArrayList<>(policies.values());
    all.sort(Comparator.comparing(AclPolicy::name));
    all.add(0, AclPolicy.GLOBAL_MANAGEMENT);
    return all;
  }

  /** What a snapshot holds. */
  AclState state() {
    return new AclState(List.copyOf(tokens.values()), List.copyOf(policies.values()));
  }
}
