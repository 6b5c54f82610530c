package dev.signpost.core.storage;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;

/**
 * One acknowledged registry change, as a store records it. Indexes increase: strictly in the journal; a
 * shared store may commit several changes in one transaction, under one index.
 */
public sealed interface Change {

  long index();

  /** An instance registered or replaced (the full new value). */
  record Put(long index, Instance instance) implements Change {}

  /** An instance removed. */
  record Remove(long index, String instanceId) implements Change {}

  /** A service's DNS policy set or replaced; {@code service} is the service's key (lower case). */
  record PutPolicy(long index, String service, ServicePolicy policy) implements Change {}

  /** A service's DNS policy removed: the defaults apply again. */
  record RemovePolicy(long index, String service) implements Change {}

  /** An ACL policy created or replaced. */
  record PutAclPolicy(long index, AclPolicy policy) implements Change {}

  /** An ACL policy deleted, by id. */
  record RemoveAclPolicy(long index, String policyId) implements Change {}

  /** An ACL token created or replaced (its secret only as a hash). */
  record PutAclToken(long index, AclToken token) implements Change {}

  /** An ACL token deleted, by accessor id. */
  record RemoveAclToken(long index, String accessorId) implements Change {}

  /** An external node registered or replaced in the catalog (the full new value). */
  record PutNode(long index, CatalogNode node) implements Change {}

  /** An external node removed, by {@linkplain CatalogNode#key key}; its instances are removed before it. */
  record RemoveNode(long index, String node) implements Change {}
}
