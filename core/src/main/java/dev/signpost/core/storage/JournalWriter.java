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
 * <p>The first I/O error fails the store for good: the records after it could not be trusted to follow
 * the ones before. Futures complete on this thread, so what depends on them must not block.
 */
final class JournalWriter {

  private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());

  private sealed interface Op permits Append, Compact {}

  private record Append(ByteBuffer frame, CompletableFuture<Void> durable) implements Op {}

  private record Compact(StoredState state) implements Op {}

  private final JournalFile journal;
  private final SnapshotFile snapshot;
  private final String name;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final ArrayDeque<Op> queue = new ArrayDeque<>();
  private boolean closing;
  private StoreException failure;

  /** @param name the data dir, for messages */
  JournalWriter(JournalFile journal, SnapshotFile snapshot, String name) {
    this.journal = journal;
    this.snapshot = snapshot;
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

  /** Whether records are still accepted. */
  boolean isOpen() {
    lock.lock();
    try {
      return !closing && failure == null;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the thread finish what is queued, then waits for it to end. */
  void close() {
    lock.lock();
    try {
      closing = true;
      queued.signal();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        // Returning early would release the files under a thread still writing them.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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

  /** Waits for work; false once closing with nothing left to do. */
  private boolean takeBatch(List<Op> batch) {
    lock.lock();
    try {
      while (queue.isEmpty() && !closing) {
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
      } else {
        commit(group);
        snapshot.write(((Compact) op).state());
        // Only now that the snapshot is durable may the records it replaces go.
        journal.truncate();
      }
    }
    commit(group);
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
    String reason = cause instanceof IOException io ? DataDir.reason(io) : cause.toString();
    StoreException failed = new StoreException(
        "journal store in " + name + " has failed and refuses writes until restarted: " + reason, cause);
    List<Op> doomed = new ArrayList<>(batch);
    lock.lock();
    try {
      failure = failed;
      doomed.addAll(queue);
      queue.clear();
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
}
