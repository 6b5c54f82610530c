package dev.signpost.cluster;

import dev.signpost.core.storage.Change;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where things live under the cluster's prefix ({@code --etcd-prefix}, {@code /signpost/} by default):
 * <pre>
 *   registry/instances/&lt;id&gt;       an instance (the journal's JSON of its last Put)
 *   registry/policies/&lt;service&gt;   a service's DNS policy
 *   registry/acl-tokens/&lt;accessor&gt; an ACL token (its secret only as a hash)
 *   registry/acl-policies/&lt;id&gt;    an ACL policy
 *   registry/catalog-nodes/&lt;key&gt;  an external node of the catalog (not a cluster member: those are nodes/)
 *   registry/kv/&lt;key&gt;             a key of the key/value store (the journal's JSON of its last PutKey)
 *   registry/index                 written by every registry transaction: its revision is the registry's index
 *   nodes/&lt;name&gt;                  a live node, under its lease
 *   heartbeats/&lt;check id&gt;         a TTL heartbeat relayed to the node that runs the check
 *   outcomes/&lt;instance id&gt;        reported call outcomes relayed to the node that keeps the instance's breaker
 * </pre>
 * Values are UTF-8; ids are stored as they are (an id may contain {@code /}: the kind is the first segment).
 */
final class EtcdKeys {

  static final String INSTANCES = "instances/";
  static final String POLICIES = "policies/";
  static final String ACL_TOKENS = "acl-tokens/";
  static final String ACL_POLICIES = "acl-policies/";
  static final String CATALOG_NODES = "catalog-nodes/";
  static final String KEYS = "kv/";
  /**
   * Not a key etcd holds: what a key or catalog transaction is known by while it is on its way (the batcher's
   * key); each of its writes goes to its own key.
   */
  static final String KEY_TRANSACTIONS = "kv-transactions/";

  private final String prefix;

  EtcdKeys(String prefix) {
    if (prefix.isEmpty() || !prefix.endsWith("/")) {
      throw new IllegalArgumentException("etcd prefix must end with '/', got '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  ByteSequence registry() {
    return bytes(prefix + "registry/");
  }

  ByteSequence index() {
    return bytes(prefix + "registry/index");
  }

  ByteSequence nodes() {
    return bytes(prefix + "nodes/");
  }

  ByteSequence node(String name) {
    return bytes(prefix + "nodes/" + name);
  }

  ByteSequence heartbeats() {
    return bytes(prefix + "heartbeats/");
  }

  ByteSequence heartbeat(String checkId) {
    return bytes(prefix + "heartbeats/" + checkId);
  }

  ByteSequence outcomes() {
    return bytes(prefix + "outcomes/");
  }

  ByteSequence outcomes(String instanceId) {
    return bytes(prefix + "outcomes/" + instanceId);
  }

  /** The key a change writes. */
  ByteSequence of(Change change) {
    String relative;
    if (change instanceof Change.Put put) {
      relative = INSTANCES + put.instance().id();
    } else if (change instanceof Change.Remove remove) {
      relative = INSTANCES + remove.instanceId();
    } else if (change instanceof Change.PutPolicy put) {
      relative = POLICIES + put.service();
    } else if (change instanceof Change.RemovePolicy remove) {
      relative = POLICIES + remove.service();
    } else if (change instanceof Change.PutAclToken put) {
      relative = ACL_TOKENS + put.token().accessorId();
    } else if (change instanceof Change.RemoveAclToken remove) {
      relative = ACL_TOKENS + remove.accessorId();
    } else if (change instanceof Change.PutAclPolicy put) {
      relative = ACL_POLICIES + put.policy().id();
    } else if (change instanceof Change.PutNode put) {
      relative = CATALOG_NODES + put.node().key();
    } else if (change instanceof Change.RemoveNode remove) {
      relative = CATALOG_NODES + remove.node();
    } else if (change instanceof Change.RemoveAclPolicy remove) {
      relative = ACL_POLICIES + remove.policyId();
    } else if (change instanceof Change.PutKey put) {
      relative = KEYS + put.entry().key();
    } else if (change instanceof Change.RemoveKey remove) {
      relative = KEYS + remove.key();
    } else if (change instanceof Change.RemoveKeyTree remove) {
      relative = KEYS + remove.prefix(); // deleted as a prefix
    } else {
      relative = KEY_TRANSACTIONS + change.index();
    }
    return bytes(prefix + "registry/" + relative);
  }

  /** The part of a registry key after {@code registry/}: {@code <kind>/<id>}, or "index". */
  String relative(ByteSequence key) {
    return key.toString(StandardCharsets.UTF_8).substring(prefix.length() + "registry/".length());
  }

  /** The part of a key after {@code base} (a directory such as {@link #nodes()}). */
  static String after(ByteSequence base, ByteSequence key) {
    return key.toString(StandardCharsets.UTF_8).substring(base.size());
  }

  /** The removal of whatever {@code relative} names, at {@code index}; null for the index key. */
  static Change removal(String relative, long index) {
    if (relative.startsWith(INSTANCES)) {
      return new Change.Remove(index, relative.substring(INSTANCES.length()));
    }
    if (relative.startsWith(POLICIES)) {
      return new Change.RemovePolicy(index, relative.substring(POLICIES.length()));
    }
    if (relative.startsWith(ACL_TOKENS)) {
      return new Change.RemoveAclToken(index, relative.substring(ACL_TOKENS.length()));
    }
    if (relative.startsWith(ACL_POLICIES)) {
      return new Change.RemoveAclPolicy(index, relative.substring(ACL_POLICIES.length()));
    }
    if (relative.startsWith(CATALOG_NODES)) {
      return new Change.RemoveNode(index, relative.substring(CATALOG_NODES.length()));
    }
    if (relative.startsWith(KEYS)) {
      return new Change.RemoveKey(index, relative.substring(KEYS.length()));
    }
    return null;
  }

  /** The first key after every key that starts with {@code prefix}: a prefix's range end. */
  static ByteSequence rangeEnd(ByteSequence prefix) {
    byte[] end = prefix.getBytes();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteSequence.from(Arrays.copyOf(end, i + 1));
      }
    }
    return ByteSequence.from(new byte[] {0});
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
