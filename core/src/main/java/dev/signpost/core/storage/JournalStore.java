package dev.signpost.core.storage;

import dev.signpost.core.TimeSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The embedded durable store: every change goes to an append-only journal ({@code journal.log}), synced
 * with group commit, and is folded into {@code snapshot.json} now and then, in the background (see
 * {@link JournalWriter}). One store owns its data dir; a second one, in this or another process, is
 * refused.
 *
 * <p>Opening recovers at once (snapshot, then journal, cutting a torn tail), so a bad data dir or damage
 * with acknowledged records after it stops the start before anything else runs; {@link #load} hands over
 * what was recovered.
 */
public final class JournalStore implements RegistryStore {

  private final DataDir dir;
  private final JournalFile journal;
  private final JournalWriter writer;
  private final CompactionPolicy policy;
  private StoredState recovered;
  private boolean closed;

  private JournalStore(DataDir dir, JournalFile journal, JournalWriter writer, CompactionPolicy policy,
      StoredState recovered) {
    this.dir = dir;
    this.journal = journal;
    this.writer = writer;
    this.policy = policy;
    this.recovered = recovered;
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir} and recovers its state, refusing a journal
   * damaged before its last valid record ({@link RepairMode#REFUSE}).
   *
   * @throws StoreException with a one-line message naming the directory when it cannot be created, written
   *     or locked, or naming the file when its snapshot is corrupt or its journal damaged
   */
  public static JournalStore open(Path dataDir) {
    return open(dataDir, RepairMode.REFUSE);
  }

  /**
   * As {@link #open(Path)}; with {@link RepairMode#SET_ASIDE}, a damaged journal is repaired by moving the
   * damaged record and everything after it to a side file ({@code --repair-journal}).
   */
  public static JournalStore open(Path dataDir, RepairMode repair) {
    return open(dataDir, repair, CommitObserver.NONE);
  }

  /** As {@link #open(Path, RepairMode)}, telling {@code observer} of every group commit (for the meters). */
  public static JournalStore open(Path dataDir, RepairMode repair, CommitObserver observer) {
    return open(dataDir, CompactionPolicy.DEFAULT_MAX_RECORDS, CompactionPolicy.DEFAULT_MAX_BYTES, repair,
        TimeSource.system(), observer);
  }

  /**
   * As {@link #open(Path)}, compacting once the journal holds more than either limit (limits that grow
   * with the registry: see {@link CompactionPolicy}).
   */
  static JournalStore open(Path dataDir, long maxRecords, long maxBytes) {
    return open(dataDir, maxRecords, maxBytes, RepairMode.REFUSE, TimeSource.system());
  }

  /** As the general form, telling nobody of commits. */
  static JournalStore open(Path dataDir, long maxRecords, long maxBytes, RepairMode repair, TimeSource time) {
    return open(dataDir, maxRecords, maxBytes, repair, time, CommitObserver.NONE);
  }

  /** The general form; {@code time} dates a repair's side file and times the commits {@code observer} is told of. */
  static JournalStore open(Path dataDir, long maxRecords, long maxBytes, RepairMode repair, TimeSource time,
      CommitObserver observer) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(repair, "repair");
    Objects.requireNonNull(observer, "observer");
    DataDir dir = DataDir.lock(dataDir);
    JournalFile journal = null;
    try {
      SnapshotFile snapshot = new SnapshotFile(dir);
      JournalReader.Replay replay = JournalReader.replay(dir.journal(),
          snapshot.read().orElse(StoredState.EMPTY), repair, time);
      journal = JournalFile.open(dir, replay.journalBytes());
      CompactionPolicy policy = new CompactionPolicy(maxRecords, maxBytes, replay.journalRecords(),
          replay.journalBytes(), replay.state().instances().size());
      JournalWriter writer = new JournalWriter(journal, snapshot::write, dir.path().toString(), observer, time);
      JournalStore store = new JournalStore(dir, journal, writer, policy, replay.state());
      writer.start();
      return store;
    } catch (RuntimeException | Error e) {
      // An Error too (out of memory replaying a large snapshot): the lock must not outlive a failed open.
      closeQuietly(journal);
      dir.close();
      throw e;
    }
  }

  /** The state recovered when the store was opened. */
  @Override
  public synchronized StoredState load() {
    if (recovered == null) {
      throw new IllegalStateException("load() was already called; the registry holds the state since");
    }
    StoredState state = recovered;
    // The registry owns the state from here on; keeping a copy would only hold memory.
    recovered = null;
    return state;
  }

  /**
   * Queues the change; the stage completes on the journal's thread once it is synced. The change is
   * encoded here, so one that cannot be stored is refused before the registry applies it.
   */
  @Override
  public CompletionStage<Void> append(Change change) {
    ByteBuffer frame = RecordFraming.frame(JournalCodec.encode(change));
    int bytes = frame.remaining();
    CompletionStage<Void> durable = writer.append(frame).minimalCompletionStage();
    policy.appended(bytes);
    return durable;
  }

  @Override
  public java.util.Optional<String> failure() {
    return writer.failure();
  }

  @Override
  public boolean wantsCompaction() {
    return policy.wanted() && writer.isOpen();
  }

  @Override
  public void compact(StoredState state) {
    Objects.requireNonNull(state, "state");
    writer.compact(state);
    policy.compactionRequested(state.instances().size());
  }

  /**
   * Syncs what is queued, waits for a snapshot being written, stops the journal thread and unlocks the
   * data dir. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    closeQuietly(journal);
    dir.close();
  }

  /**
   * The bytes of the records in the journal now (since the last compaction cut it), without the zeroes written
   * ahead of them; safe from any thread.
   */
  public long journalBytes() {
    return journal.durableBytes();
  }

  /** How many fsyncs group commit has made so far. */
  long commits() {
    return journal.commits();
  }

  private static void closeQuietly(JournalFile journal) {
    if (journal == null) {
      return;
    }
    try {
      journal.close();
    } catch (IOException ignored) {
      // Everything was synced before; a failing close loses nothing.
    }
  }
}
