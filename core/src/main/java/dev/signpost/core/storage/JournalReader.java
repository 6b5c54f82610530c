package dev.signpost.core.storage;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.KvEntry;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.TimeSource;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the journal on top of the snapshot at start-up, up to the first record that fails its frame,
 * its checksum or its decoding; {@link TailRecovery} decides what happens to the file from there (a torn
 * tail is cut so new records follow the last good one; damage with valid records after it is never cut
 * silently). Records at or below the snapshot's index are already in the snapshot (a crash between the
 * snapshot's rename and the journal's truncation leaves them) and are skipped.
 */
final class JournalReader {

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /**
   * What start-up found.
   *
   * @param state the snapshot plus every good journal record
   * @param journalBytes where the next record goes: the end of the last good one
   * @param journalRecords good records in the journal, whether applied or skipped
   */
  record Replay(StoredState state, long journalBytes, long journalRecords) {}

  private final Path journal;
  private final TailRecovery recovery;
  private final Map<String, Instance> byId;
  /** Journal records repeat service names (and tags...) as the snapshot does: decoded once each. */
  private final InstanceCodec.SharedValues shared = new InstanceCodec.SharedValues();
  private final Map<String, ServicePolicy> policies = new HashMap<>();
  private final Map<String, AclToken> aclTokens = new HashMap<>();
  private final Map<String, AclPolicy> aclPolicies = new HashMap<>();
  private final Map<String, CatalogNode> nodes = new HashMap<>();
  private final TreeMap<String, KvEntry> keys = new TreeMap<>();
  private final long snapshotIndex;
  private long index;

  private JournalReader(Path journal, StoredState snapshot, TailRecovery recovery) {
    this.journal = journal;
    this.recovery = recovery;
    this.snapshotIndex = snapshot.index();
    this.index = snapshot.index();
    // Sized for the snapshot up front: a million instances would otherwise rehash the map a dozen times.
    this.byId = new HashMap<>(Math.max(16, snapshot.instances().size() * 4 / 3 + 1));
    snapshot.instances().forEach(i -> byId.put(i.id(), i));
    policies.putAll(snapshot.policies());
    snapshot.acl().tokens().forEach(t -> aclTokens.put(t.accessorId(), t));
    snapshot.acl().policies().forEach(p -> aclPolicies.put(p.id(), p));
    snapshot.nodes().forEach(n -> nodes.put(n.key(), n));
    snapshot.keys().forEach(e -> keys.put(e.key(), e));
  }

  /**
   * Replays {@code journal} over {@code snapshot}, cutting a torn tail off the file; damage with valid
   * records after it is refused or set aside, as {@code mode} says ({@link TailRecovery}).
   */
  static Replay replay(Path journal, StoredState snapshot, RepairMode mode, TimeSource time) {
    return new JournalReader(journal, snapshot, new TailRecovery(journal, mode, time)).run();
  }

  private Replay run() {
    if (!Files.exists(journal)) {
      recovery.healthy();
      return new Replay(state(), 0, 0);
    }
    long offset = 0;
    long records = 0;
    String problem = null;
    TailRecovery.Damage damage = null;
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(journal), READ_BUFFER_BYTES))) {
      long size = Files.size(journal);
      while (offset < size) {
        long left = size - offset;
        if (left < RecordFraming.HEADER_BYTES) {
          problem = "a record header is cut short";
          break;
        }
        int length = in.readInt();
        int crc = in.readInt();
        if (length == 0) {
          // Every change is a non-empty object; zeroes here are blocks allocated but never written.
          problem = "a record has an empty payload";
          break;
        }
        if (length < 0 || length > RecordFraming.MAX_PAYLOAD_BYTES) {
          problem = "a record claims an impossible length of " + Integer.toUnsignedString(length) + " bytes";
          break;
        }
        if (length > left - RecordFraming.HEADER_BYTES) {
          problem = "a record runs past the end of the file";
          break;
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (RecordFraming.crc(payload) != crc) {
          problem = "a record fails its checksum";
          break;
        }
        try {
          apply(JournalCodec.decodeChange(payload, shared));
        } catch (CorruptDataException e) {
          damage = new TailRecovery.Damage(offset, e.getMessage(), true);
          break;
        }
        offset += RecordFraming.HEADER_BYTES + length;
        records++;
      }
    } catch (IOException e) {
      throw new StoreException("journal " + journal + " cannot be read: " + DataDir.reason(e), e);
    }
    if (problem != null) {
      damage = new TailRecovery.Damage(offset, problem, false);
    }
    if (damage != null) {
      recovery.recover(damage);
    } else {
      recovery.healthy();
    }
    return new Replay(state(), offset, records);
  }

  private void apply(Change change) {
    if (change.index() <= snapshotIndex) {
      return;
    }
    if (change instanceof Change.CatalogTransaction txn) {
      txn.writes().forEach(this::apply);
    } else if (change instanceof Change.Put put) {
      byId.put(put.instance().id(), put.instance());
    } else if (change instanceof Change.Remove remove) {
      byId.remove(remove.instanceId());
    } else if (change instanceof Change.PutPolicy put) {
      policies.put(put.service(), put.policy());
    } else if (change instanceof Change.RemovePolicy remove) {
      policies.remove(remove.service());
    } else if (change instanceof Change.PutAclToken put) {
      aclTokens.put(put.token().accessorId(), put.token());
    } else if (change instanceof Change.RemoveAclToken remove) {
      aclTokens.remove(remove.accessorId());
    } else if (change instanceof Change.PutAclPolicy put) {
      aclPolicies.put(put.policy().id(), put.policy());
    } else if (change instanceof Change.RemoveAclPolicy remove) {
      aclPolicies.remove(remove.policyId());
    } else if (change instanceof Change.PutNode put) {
      nodes.put(put.node().key(), put.node());
    } else if (change instanceof Change.RemoveNode remove) {
      nodes.remove(remove.node());
    } else {
      applyKeys(change);
    }
    index = Math.max(index, change.index());
  }

  private void applyKeys(Change change) {
    if (change instanceof Change.PutKey put) {
      keys.put(put.entry().key(), put.entry());
    } else if (change instanceof Change.RemoveKey remove) {
      keys.remove(remove.key());
    } else if (change instanceof Change.RemoveKeyTree remove) {
      // Keys in order: those under the prefix follow it, together.
      Iterator<String> under = keys.tailMap(remove.prefix(), true).keySet().iterator();
      while (under.hasNext() && under.next().startsWith(remove.prefix())) {
        under.remove();
      }
    } else {
      ((Change.KeyTransaction) change).writes().forEach(this::applyKeys);
    }
  }

  private StoredState state() {
    return new StoredState(index, List.copyOf(byId.values()), policies,
        new AclState(List.copyOf(aclTokens.values()), List.copyOf(aclPolicies.values())), List.copyOf(nodes.values()),
        List.copyOf(keys.values()));
  }
}
