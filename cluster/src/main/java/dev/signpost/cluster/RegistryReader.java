package dev.signpost.cluster;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.KvEntry;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.ChangeCodec;
import dev.signpost.core.storage.StoredState;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the whole registry from etcd at one revision, a page at a time (a million instances do not fit
 * one gRPC message), so that a watch from the revision after it misses nothing.
 */
final class RegistryReader {

  static final int PAGE = 1000;

  /** What was read: the registry's state, and the etcd revision it was read at (where a watch resumes). */
  record Snapshot(StoredState state, long revision) {}

  private final KV kv;
  private final EtcdKeys keys;
  private final Duration timeout;

  RegistryReader(KV kv, EtcdKeys keys, Duration timeout) {
    this.kv = kv;
    this.keys = keys;
    this.timeout = timeout;
  }

  /** Blocks for at most the timeout per page; throws what etcd's client throws when it cannot. */
  Snapshot read() throws Exception {
    ByteSequence end = EtcdKeys.rangeEnd(keys.registry());
    ByteSequence from = keys.registry();
    long revision = 0;
    long index = 0;
    List<Instance> instances = new ArrayList<>();
    Map<String, ServicePolicy> policies = new HashMap<>();
    List<AclToken> tokens = new ArrayList<>();
    List<AclPolicy> aclPolicies = new ArrayList<>();
    List<CatalogNode> nodes = new ArrayList<>();
    List<KvEntry> entries = new ArrayList<>();
    while (true) {
      GetOption.Builder option = GetOption.builder().withRange(end).withLimit(PAGE);
      if (revision > 0) {
        option.withRevision(revision);
      }
      GetResponse page = kv.get(from, option.build()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (revision == 0) {
        revision = page.getHeader().getRevision();
      }
      for (KeyValue kv : page.getKvs()) {
        String relative = keys.relative(kv.getKey());
        if (relative.equals("index")) {
          index = kv.getModRevision();
          continue;
        }
        Change change = ChangeCodec.decodeAt(kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
        if (change instanceof Change.Put put) {
          instances.add(put.instance());
        } else if (change instanceof Change.PutPolicy put) {
          policies.put(put.service(), put.policy());
        } else if (change instanceof Change.PutAclToken put) {
          tokens.add(put.token());
        } else if (change instanceof Change.PutAclPolicy put) {
          aclPolicies.add(put.policy());
        } else if (change instanceof Change.PutNode put) {
          nodes.add(put.node());
        } else if (change instanceof Change.PutKey put) {
          entries.add(put.entry());
        }
      }
      if (!page.isMore() || page.getKvs().isEmpty()) {
        break;
      }
      byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
      byte[] next = java.util.Arrays.copyOf(last, last.length + 1); // the key right after the last one
      from = ByteSequence.from(next);
    }
    StoredState state = new StoredState(index, instances, policies, new AclState(tokens, aclPolicies), nodes,
        entries);
    return new Snapshot(state, revision);
  }
}
