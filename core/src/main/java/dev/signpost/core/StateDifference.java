package dev.signpost.core;

import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.StoredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The changes that turn one state into another, all at the target's index: how a registry that must reload
 * everything (its shared store's history was compacted past it, or it started from a stale copy) applies
 * and announces only what differs, as if each change had arrived on its own.
 */
final class StateDifference {

  private StateDifference() {}

  static List<Change> between(StoredState from, StoredState to) {
    long at = to.index();
    List<Change> changes = new ArrayList<>();
    // Nodes before the instances that name them, and removed after them: no instance is left without its node.
    Map<String, CatalogNode> nodes = byKey(from.nodes(), CatalogNode::key);
    for (CatalogNode after : to.nodes()) {
      if (!after.equals(nodes.remove(after.key()))) {
        changes.add(new Change.PutNode(at, after));
      }
    }
    Map<String, Instance> before = byKey(from.instances(), Instance::id);
    for (Instance after : to.instances()) {
      if (!after.equals(before.remove(after.id()))) {
        changes.add(new Change.Put(at, after));
      }
    }
    before.keySet().forEach(id -> changes.add(new Change.Remove(at, id)));
    nodes.keySet().forEach(key -> changes.add(new Change.RemoveNode(at, key)));

    Map<String, ServicePolicy> policies = new HashMap<>(from.policies());
    to.policies().forEach((service, policy) -> {
      if (!policy.equals(policies.remove(service))) {
        changes.add(new Change.PutPolicy(at, service, policy));
      }
    });
    policies.keySet().forEach(service -> changes.add(new Change.RemovePolicy(at, service)));

    Map<String, AclPolicy> aclPolicies = byKey(from.acl().policies(), AclPolicy::id);
    for (AclPolicy after : to.acl().policies()) {
      if (!after.equals(aclPolicies.remove(after.id()))) {
        changes.add(new Change.PutAclPolicy(at, after));
      }
    }
    Map<String, AclToken> tokens = byKey(from.acl().tokens(), AclToken::accessorId);
    for (AclToken after : to.acl().tokens()) {
      if (!after.equals(tokens.remove(after.accessorId()))) {
        changes.add(new Change.PutAclToken(at, after));
      }
    }
    // Tokens go before the policies they link, so no token is ever left naming a deleted policy.
    tokens.keySet().forEach(id -> changes.add(new Change.RemoveAclToken(at, id)));
    aclPolicies.keySet().forEach(id -> changes.add(new Change.RemoveAclPolicy(at, id)));

    Map<String, KvEntry> keys = byKey(from.keys(), KvEntry::key);
    for (KvEntry after : to.keys()) {
      if (!after.equals(keys.remove(after.key()))) {
        changes.add(new Change.PutKey(at, after));
      }
    }
    keys.keySet().forEach(key -> changes.add(new Change.RemoveKey(at, key)));
    return changes;
  }

  private static <T> Map<String, T> byKey(List<T> values, Function<T, String> key) {
    Map<String, T> map = new HashMap<>();
    values.forEach(v -> map.put(Objects.requireNonNull(key.apply(v)), v));
    return map;
  }
}
