package dev.signpost.core.storage;

import dev.signpost.core.TimeSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * <p>An I/O error on the journal (a full disk, say) fails the records of its batch and every one queued
 * after it, and the store refuses appends at once from then on: records after a failed one may have been
 * decided on it. Every {@link #RETRY} this thread tries to recover ({@link JournalFile#recover}: cut what
 * followed the last synced record, then write a block ahead); once that works, appends are taken again,
 * with no restart. A snapshot that cannot be written is not a failure of the store. Futures complete on
 * this thread, so what depends on them must not block.
 */
final class JournalWriter {

  private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
  /** How often a failed store tries to recover. */
  static final Duration RETRY = Duration.ofSeconds(1);

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
  private final CommitObserver observer;
  private final TimeSource time;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final ArrayDeque<Op> queue = new ArrayDeque<>();
  private boolean closing;
  /** Why appends are refused now; null while they are taken. */
  private StoreException failure;
  /** When ({@link System#nanoTime}) the thread next tries to recover from {@link #failure}. */
  private long nextAttempt;
  /** Appends refused since the failure began, for the log line that ends it. */
  private long refused;
  /** How many ops of the batch being written were handled; only the journal thread uses it. */
  private int handled;
  /** The thread writing a snapshot, null when none is; guarded by {@link #lock}. */
  private Thread snapshotter;
  /** The snapshot to write once the current one is done; guarded by {@link #lock}. */
  private Pending nextSnapshot;

  /** @param name the data dir, for messages */
  JournalWriter(JournalFile journal, SnapshotFile snapshot, String name) {
    this(journal, snapshot::write, name);
  }

  JournalWriter(JournalFile journal, SnapshotWriter snapshots, String name) {
    this(journal, snapshots, name, CommitObserver.NONE, TimeSource.system());
  }

  /** @param observer told of each group commit, timed on {@code time} */
  JournalWriter(JournalFile journal, SnapshotWriter snapshots, String name, CommitObserver observer,
      TimeSource time) {
    this.journal = journal;
    this.snapshots = snapshots;
    this.name = name;
    this.observer = observer;
    this.time = time;
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

  /** Why this writer refuses appends now, if it does. */
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
      if (failure != null && op instanceof Append) {
        refused++;
        throw failure.retryingIn(Duration.ofNanos(Math.max(0, nextAttempt - System.nanoTime())));
      }
      if (failure != null) {
        return; // a compaction asked for meanwhile: the journal keeps everything, and a later one asks again
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
      handled = 0;
      try {
        write(batch);
      } catch (IOException | RuntimeException | Error e) {
        fail(e, batch);
        if (e instanceof Error err) {
          throw err;
        }
        if (!recover()) {
          return;
        }
      }
      batch.clear();
    }
  }

  /**
   * Tries {@link JournalFile#recover} every {@link #RETRY} until it works (true) or the writer is closed
   * (false). Appends are refused meanwhile; nothing else is queued.
   */
  private boolean recover() {
    while (true) {
      lock.lock();
      try {
        while (!closing && System.nanoTime() < nextAttempt) {
          queued.awaitNanos(Math.max(1, nextAttempt - System.nanoTime()));
        }
        if (closing) {
          return false;
        }
      } catch (InterruptedException e) {
        // Only close() ends this thread; an interrupt is not a request to.
      } finally {
        lock.unlock();
      }
      try {
        journal.recover();
      } catch (IOException | RuntimeException e) {
        lock.lock();
        try {
          failure = failure("still cannot write", e);
        } finally {
          lock.unlock();
        }
        continue;
      }
      lock.lock();
      try {
        LOG.log(Level.WARNING, "journal store in " + name + " takes writes again (" + refused + " refused at once "
            + "meanwhile, besides those failed when it began); it had failed with: " + failure.getMessage());
        failure = null;
        refused = 0;
        queue.removeIf(op -> op instanceof Compact);
        return true;
      } finally {
        lock.unlock();
      }
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
    for (int at = 0; at < batch.size(); at++) {
      Op op = batch.get(at);
      if (op instanceof Append append) {
        group.add(append);
        continue;
      }
      commit(group);
      handled = at;
      if (op instanceof Compact compact) {
        snapshot(new Pending(compact.state(), journal.end()));
      } else {
        SnapshotDone done = (SnapshotDone) op;
        if (done.failure() == null) {
          // Only now that the snapshot is durable may the records it replaces go.
          cut(done.offset());
        } else {
          LOG.log(Level.ERROR, "journal store in " + name + " could not write a snapshot; the journal keeps "
              + "every record and the next compaction tries again: " + reason(done.failure()), done.failure());
        }
        snapshotDone();
      }
    }
    commit(group);
  }

  /** Cuts the journal before {@code offset}; a cut that could not even begin leaves it whole and is logged. */
  private void cut(long offset) throws IOException {
    try {
      journal.cutBefore(offset);
    } catch (JournalFile.CutAbandonedException e) {
      LOG.log(Level.WARNING, "journal store in " + name + " could not cut its journal after a snapshot; it keeps "
          + "every record and the next compaction tries again: " + reason(e.getCause()));
    }
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
        if (failure == null) {
          queue.add(new SnapshotDone(pending.offset(), failed));
          queued.signal();
        } else {
          // The journal failed meanwhile: no cut (it keeps everything), and the next compaction starts afresh.
          snapshotter = null;
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
    long started = time.nanoTime();
    journal.write(group.stream().map(Append::frame).toList());
    journal.commit();
    long took = time.nanoTime() - started;
    for (Append a : group) {
      a.durable.complete(null);
    }
    observer.committed(group.size(), took);
    group.clear();
  }

  /**
   * Fails every append of the batch not yet durable and every one queued, and refuses appends until
   * {@link #recover} works. A snapshot whose completion is among them is done, with no cut.
   */
  private void fail(Throwable cause, List<Op> batch) {
    StoreException failed;
    List<Op> doomed = new ArrayList<>(batch.subList(handled, batch.size()));
    lock.lock();
    try {
      failed = failure("cannot write", cause);
      failure = failed;
      doomed.addAll(queue);
      queue.clear();
      nextSnapshot = null;
      if (doomed.stream().anyMatch(op -> op instanceof SnapshotDone)) {
        snapshotter = null;
      }
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

  /** The failure that refuses appends, and schedules the next attempt to recover; call with the lock held. */
  private StoreException failure(String what, Throwable cause) {
    nextAttempt = System.nanoTime() + RETRY.toNanos();
    boolean full = cause instanceof IOException io && JournalFile.isNoSpace(io);
    return new StoreException("journal store in " + name + " " + what + ": " + reason(cause)
        + "; writes are refused until it can (tried again every " + RETRY.toSeconds() + " s)", cause,
        full ? StoreException.Kind.NO_SPACE : StoreException.Kind.UNAVAILABLE, RETRY);
  }

  private static String reason(Throwable cause) {
    if (cause instanceof java.nio.file.FileSystemException fse && fse.getFile() != null) {
      // Which file: the journal, its cut copy or the snapshot's temporary file.
      return fse.getFile() + ": " + DataDir.reason(fse);
    }
    return cause instanceof IOException io ? DataDir.reason(io) : cause.toString();
  }
}
