package dev.signpost.core.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that writes the journal. Callers only queue work and return; the thread takes
 * everything queued at once, writes it, syncs once and then completes the batch's futures in order
 * (group commit: while one fsync runs, the next batch gathers). A compaction marker is handled in queue
 * order, so the snapshot it carries follows every record queued before it.
 *
 * <p>The snapshot is written by a thread of its own ({@code signpost-snapshot}) while this one goes on
 * committing appends: written here, encoding and syncing 100,000 instances held every acknowledgement
 * for over half a second (a million, for seconds). Once it is durable, this thread cuts the records
 * before the marker off the journal and keeps the ones appended meanwhile. One snapshot is written at a
 * time; a marker arriving meanwhile waits, and a later one replaces it (it holds everything the earlier
 * one does). A snapshot that cannot be written is logged and the journal keeps every record: nothing is
 * lost, and the next compaction tries again.
 *
 * <p>The first I/O error on the journal fails the store for good: the records after it could not be
 * trusted to follow the ones before. Futures complete on this thread, so what depends on them must not
 * block.
 */
final class JournalWriter {

  private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());

  /** Makes a snapshot durable: {@link SnapshotFile#write}, or a test's stand-in. */
  interface SnapshotWriter {
    void write(StoredState state) throws IOException;
  }

  private sealed interface Op permits Append, Compact, SnapshotDone {}

  private record Append(ByteBuffer frame, CompletableFuture<Void> durable) implements Op {}

  private record Compact(StoredState state) implements Op {}

  /** The snapshot taken at journal offset {@code offset} is durable, or (with a failure) is not. */
  private record SnapshotDone(long offset, Throwable failure) implements Op {}

  /** A snapshot to write, with the journal offset its state was taken at. */
  private record Pending(StoredState state, long offset) {}

  private final JournalFile journal;
  private final SnapshotWriter snapshots;
  private final String name;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final ArrayDeque<Op> queue = new ArrayDeque<>();
  private boolean closing;
  private StoreException failure;
  /** The thread writing a snapshot, null when none is; guarded by {@link #lock}. */
  private Thread snapshotter;
  /** The snapshot to write once the current one is done; guarded by {@link #lock}. */
  private Pending nextSnapshot;

  /** @param name the data dir, for messages */
  JournalWriter(JournalFile journal, SnapshotFile snapshot, String name) {
    this(journal, snapshot::write, name);
  }

  JournalWriter(JournalFile journal, SnapshotWriter snapshots, String name) {
    this.journal = journal;
    this.snapshots = snapshots;
    this.name = name;
    // Not a daemon: the JVM must not stop it in the middle of a batch. close() ends it.
    this.thread = new Thread(this::run, "signpost-journal");
    this.thread.setDaemon(false);
  }

  void start() {
    thread.start();
  }

  /** Queues a framed record; the future completes once it is durable. */
  CompletableFuture<Void> append(ByteBuffer frame) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    enqueue(new Append(frame, durable));
    return durable;
  }

  /** Queues a snapshot of {@code state} behind every record queued so far. */
  void compact(StoredState state) {
    enqueue(new Compact(state));
  }

  /** The failure that stopped this writer, if one did. */
  java.util.Optional<String> failure() {
    lock.lock();
    try {
      return failure == null ? java.util.Optional.empty() : java.util.Optional.of(failure.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** Whether records are still accepted. */
  boolean isOpen() {
    lock.lock();
    try {
      return !closing && failure == null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets the thread finish what is queued (a snapshot being written included, so that the journal is cut),
   * then waits for it to end.
   */
  void close() {
    lock.lock();
    try {
      closing = true;
      queued.signal();
    } finally {
      lock.unlock();
    }
    // Returning early would release the files under a thread still writing them; after a failure the
    // snapshot thread may outlive the journal's, and a snapshot renamed once the data dir is unlocked
    // could replace a newer one.
    boolean interrupted = joinUninterruptibly(thread);
    Thread late;
    lock.lock();
    try {
      late = snapshotter;
    } finally {
      lock.unlock();
    }
    interrupted |= late != null && joinUninterruptibly(late);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Joins {@code t}; whether an interrupt arrived meanwhile. */
  private static boolean joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  private void enqueue(Op op) {
    lock.lock();
    try {
      if (failure != null) {
        throw new StoreException(failure.getMessage(), failure);
      }
      if (closing) {
        throw new StoreException("journal store in " + name + " is closed");
      }
      queue.add(op);
      queued.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    List<Op> batch = new ArrayList<>();
    while (takeBatch(batch)) {
      try {
        write(batch);
      } catch (IOException | RuntimeException | Error e) {
        fail(e, batch);
        if (e instanceof Error err) {
          throw err;
        }
        return;
      }
      batch.clear();
    }
  }

  /** Waits for work; false once closing with nothing left to do, no snapshot being written included. */
  private boolean takeBatch(List<Op> batch) {
    lock.lock();
    try {
      while (queue.isEmpty() && !(closing && snapshotter == null)) {
        queued.awaitUninterruptibly();
      }
      batch.addAll(queue);
      queue.clear();
      return !batch.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  private void write(List<Op> batch) throws IOException {
    List<Append> group = new ArrayList<>();
    for (Op op : batch) {
      if (op instanceof Append append) {
        group.add(append);
        continue;
      }
      commit(group);
      if (op instanceof Compact compact) {
        snapshot(new Pending(compact.state(), journal.end()));
      } else {
        SnapshotDone done = (SnapshotDone) op;
        if (done.failure() == null) {
          // Only now that the snapshot is durable may the records it replaces go.
          journal.cutBefore(done.offset());
        } else {
          LOG.log(Level.ERROR, "journal store in " + name + " could not write a snapshot; the journal keeps "
              + "every record and the next compaction tries again: " + reason(done.failure()), done.failure());
        }
        snapshotDone();
      }
    }
    commit(group);
  }

  /** Starts writing {@code pending} on the snapshot thread, or keeps it for when the current one is done. */
  private void snapshot(Pending pending) {
    lock.lock();
    try {
      if (snapshotter != null) {
        nextSnapshot = pending;
      } else {
        snapshotter = startSnapshotter(pending);
      }
    } finally {
      lock.unlock();
    }
  }

  private void snapshotDone() {
    lock.lock();
    try {
      Pending next = nextSnapshot;
      nextSnapshot = null;
      snapshotter = next == null ? null : startSnapshotter(next);
    } finally {
      lock.unlock();
    }
  }

  private Thread startSnapshotter(Pending pending) {
    // A daemon: a JVM that exits mid-snapshot loses nothing (the temporary file never counted).
    Thread t = new Thread(() -> {
      Throwable failed = null;
      try {
        snapshots.write(pending.state());
      } catch (IOException | RuntimeException | Error e) {
        failed = e;
      }
      lock.lock();
      try {
        // A failed store has no journal thread left to cut anything; its journal still holds everything.
        if (failure == null) {
          queue.add(new SnapshotDone(pending.offset(), failed));
          queued.signal();
        }
      } finally {
        lock.unlock();
      }
    }, "signpost-snapshot");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void commit(List<Append> group) throws IOException {
    if (group.isEmpty()) {
      return;
    }
    journal.write(group.stream().map(Append::frame).toList());
    journal.commit();
    for (Append a : group) {
      a.durable.complete(null);
    }
    group.clear();
  }

  private void fail(Throwable cause, List<Op> batch) {
    StoreException failed = new StoreException(
        "journal store in " + name + " has failed and refuses writes until restarted: " + reason(cause), cause);
    List<Op> doomed = new ArrayList<>(batch);
    lock.lock();
    try {
      failure = failed;
      doomed.addAll(queue);
      queue.clear();
      nextSnapshot = null;
    } finally {
      lock.unlock();
    }
    LOG.log(Level.ERROR, failed.getMessage(), cause);
    for (Op op : doomed) {
      if (op instanceof Append a) {
        // Futures already completed by an earlier group in this batch stay completed.
        a.durable.completeExceptionally(failed);
      }
    }
  }

  private static String reason(Throwable cause) {
    if (cause instanceof java.nio.file.FileSystemException fse && fse.getFile() != null) {
      // Which file: the journal, its cut copy or the snapshot's temporary file.
      return fse.getFile() + ": " + DataDir.reason(fse);
    }
    return cause instanceof IOException io ? DataDir.reason(io) : cause.toString();
  }
}
