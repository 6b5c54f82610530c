package dev.signpost.core.storage;

import dev.signpost.core.Instance;
import dev.signpost.core.ServicePolicy;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the journal on top of the snapshot at start-up. A process killed mid-write leaves a torn last
 * record; the first record that fails its frame or checksum, and everything after it, is cut off so new
 * records follow the last good one (the zeroes an open journal allocates ahead are cut with a note, not a
 * warning). A record that passes its checksum but cannot be read stops the start instead: it was not
 * torn, and the acknowledged records after it must not be cut. Records at or below the snapshot's index
 * are already in the snapshot (a crash between the snapshot's rename and the journal's truncation leaves
 * them) and are skipped.
 */
final class JournalReader {

  private static final System.Logger LOG = System.getLogger(JournalReader.class.getName());
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
  private final Map<String, Instance> byId;
  /** Journal records repeat service names (and tags...) as the snapshot does: decoded once each. */
  private final InstanceCodec.SharedValues shared = new InstanceCodec.SharedValues();
  private final Map<String, ServicePolicy> policies = new HashMap<>();
  private final long snapshotIndex;
  private long index;

  private JournalReader(Path journal, StoredState snapshot) {
    this.journal = journal;
    this.snapshotIndex = snapshot.index();
    this.index = snapshot.index();
    // Sized for the snapshot up front: a million instances would otherwise rehash the map a dozen times.
    this.byId = new HashMap<>(Math.max(16, snapshot.instances().size() * 4 / 3 + 1));
    snapshot.instances().forEach(i -> byId.put(i.id(), i));
    policies.putAll(snapshot.policies());
  }

  /** Replays {@code journal} over {@code snapshot}, cutting a corrupt tail off the file. */
  static Replay replay(Path journal, StoredState snapshot) {
    return new JournalReader(journal, snapshot).run();
  }

  private Replay run() {
    if (!Files.exists(journal)) {
      return new Replay(state(), 0, 0);
    }
    long size;
    long offset = 0;
    long records = 0;
    String problem = null;
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(journal), READ_BUFFER_BYTES))) {
      size = Files.size(journal);
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
        Change change;
        try {
          change = JournalCodec.decodeChange(payload, shared);
        } catch (CorruptDataException e) {
          // Not a torn write (it would fail its checksum): cutting here would drop acknowledged records.
          throw new StoreException("journal " + journal + ": the record at offset " + offset
              + " passes its checksum but cannot be read (" + e.getMessage() + "); nothing was cut. Was it"
              + " written by a newer Signpost?", e);
        }
        apply(change);
        offset += RecordFraming.HEADER_BYTES + length;
        records++;
      }
    } catch (IOException e) {
      throw new StoreException("journal " + journal + " cannot be read: " + DataDir.reason(e), e);
    }
    if (problem != null) {
      cut(offset, size - offset, problem, zeroesFrom(offset));
    }
    return new Replay(state(), offset, records);
  }

  private void apply(Change change) {
    if (change.index() <= snapshotIndex) {
      return;
    }
    if (change instanceof Change.Put put) {
      byId.put(put.instance().id(), put.instance());
    } else if (change instanceof Change.Remove remove) {
      byId.remove(remove.instanceId());
    } else if (change instanceof Change.PutPolicy put) {
      policies.put(put.service(), put.policy());
    } else {
      policies.remove(((Change.RemovePolicy) change).service());
    }
    index = Math.max(index, change.index());
  }

  /**
   * Whether the file holds only zero bytes from {@code offset} on: the space an open journal allocates
   * ahead of its records, which a crash leaves behind. Not damage, so not a warning.
   */
  private boolean zeroesFrom(long offset) {
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(READ_BUFFER_BYTES);
      long at = offset;
      while (true) {
        buffer.clear();
        int read = ch.read(buffer, at);
        if (read < 0) {
          return true;
        }
        for (int k = 0; k < read; k++) {
          if (buffer.get(k) != 0) {
            return false;
          }
        }
        at += read;
      }
    } catch (IOException e) {
      throw new StoreException("journal " + journal + " cannot be read: " + DataDir.reason(e), e);
    }
  }

  private void cut(long offset, long bytes, String problem, boolean onlyZeroes) {
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      ch.truncate(offset);
      ch.force(true);
    } catch (IOException e) {
      throw new StoreException("journal " + journal + " has a corrupt tail at offset " + offset
          + " that cannot be cut off: " + DataDir.reason(e), e);
    }
    if (onlyZeroes) {
      LOG.log(Level.INFO, "journal {0} was not closed by the last run: cut the {1} zero bytes it had allocated"
          + " after its last record, at offset {2}; every record is kept", journal, Long.toString(bytes),
          Long.toString(offset));
    } else {
      LOG.log(Level.WARNING, "journal {0}: cut {1} bytes at offset {2} ({3}); every record before it is kept",
          journal, Long.toString(bytes), Long.toString(offset), problem);
    }
  }

  private StoredState state() {
    return new StoredState(index, List.copyOf(byId.values()), policies);
  }
}
