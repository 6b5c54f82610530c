package dev.signpost.core.storage;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.KvEntry;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import java.util.List;

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

  /** A key of the key/value store set (the full new entry). */
  record PutKey(long index, KvEntry entry) implements Change {}

  /** A key of the key/value store deleted. */
  record RemoveKey(long index, String key) implements Change {}

  /** Every key that starts with {@code prefix} deleted (Consul's recursive delete; "" deletes every key). */
  record RemoveKeyTree(long index, String prefix) implements Change {}

  /**
   * Several key/value writes made at once, all or none (Consul's {@code /v1/txn}): each a {@link PutKey} or
   * {@link RemoveKey} at this change's index, at most one per key.
   */
  record KeyTransaction(long index, List<Change> writes) implements Change {
    public KeyTransaction {
      writes = List.copyOf(writes);
      for (Change w : writes) {
        if (!(w instanceof PutKey || w instanceof RemoveKey) || w.index() != index) {
          throw new IllegalArgumentException("a key transaction holds key writes at its own index " + index
              + ", got " + w);
        }
      }
    }
  }

  /**
   * Several writes to the catalog's nodes and instances made at once, all or none, each at this change's index
   * and in the order applied: a registration (the node, then the instances it puts) or a node's removal (its
   * instances, then the node), so no reader ever sees part of it. Each a {@link PutNode}, {@link RemoveNode},
   * {@link Put} or {@link Remove}, at most one per node or instance.
   */
  record CatalogTransaction(long index, List<Change> writes) implements Change {
    public CatalogTransaction {
      writes = List.copyOf(writes);
      if (writes.isEmpty()) {
        throw new IllegalArgumentException("a catalog transaction holds at least one write");
      }
      for (Change w : writes) {
        boolean catalog = w instanceof PutNode || w instanceof RemoveNode || w instanceof Put || w instanceof Remove;
        if (!catalog || w.index() != index) {
          throw new IllegalArgumentException("a catalog transaction holds node and instance writes at its own "
              + "index " + index + ", got " + w);
        }
      }
    }
  }
}
