package dev.signpost.core.storage;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.KvEntry;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.acl.AclState;
import java.util.List;
import java.util.Map;

/**
 * Everything a store holds: the instances, the services' DNS policies (by service key), the ACL tokens and
 * policies, the external nodes registered in the catalog, the key/value store's entries, and the index of the
 * last change they include.
 */
public record StoredState(long index, List<Instance> instances, Map<String, ServicePolicy> policies,
    AclState acl, List<CatalogNode> nodes, List<KvEntry> keys) {

  public static final StoredState EMPTY = new StoredState(0, List.of());

  /** A state without policies. */
  public StoredState(long index, List<Instance> instances) {
    this(index, instances, Map.of());
  }

  /** A state without ACLs. */
  public StoredState(long index, List<Instance> instances, Map<String, ServicePolicy> policies) {
    this(index, instances, policies, AclState.EMPTY);
  }

  /** A state without external nodes or keys. */
  public StoredState(long index, List<Instance> instances, Map<String, ServicePolicy> policies, AclState acl) {
    this(index, instances, policies, acl, List.of(), List.of());
  }

  public StoredState {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    instances = List.copyOf(instances);
    policies = Map.copyOf(policies);
    acl = java.util.Objects.requireNonNull(acl, "acl");
    nodes = List.copyOf(nodes);
    keys = List.copyOf(keys);
  }
}
