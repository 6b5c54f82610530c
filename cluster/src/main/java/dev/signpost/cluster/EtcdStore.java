package dev.signpost.cluster;

import dev.signpost.core.TimeSource;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.ChangeCodec;
import dev.signpost.core.storage.ChangeFeed;
import dev.signpost.core.storage.CommitObserver;
import dev.signpost.core.storage.LocalSnapshot;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The registry shared through etcd (cluster mode). Each change is one etcd transaction that writes its key
 * and {@code registry/index}, guarded by the key's revision as the registry saw it, so a change decided on
 * a value another node has replaced is refused as a conflict and decided again. A change of several keys (a
 * key or catalog transaction) writes each of them in that one transaction, guarded by the registry index.
 * etcd's revision numbers the changes: the same index on every node.
 *
 * <p>A watch of {@code registry/} from the revision this node has feeds every committed change, this node's
 * included, to the registry; a write's stage completes once the watch has delivered it, so its client reads
 * its own write on this node. When the watch falls behind etcd's compaction, or the node started without
 * etcd, the whole prefix is read again and the registry reloads it.
 *
 * <p>Cut off from etcd (a probe every second reads {@code registry/index}), the node keeps serving what it
 * has, refuses writes with a {@link StoreException.Kind#UNAVAILABLE} that says etcd is unreachable, and
 * catches up when etcd answers again. It keeps a copy of the registry in its data dir
 * ({@code snapshot.json}), written as changes arrive, and serves that copy, marked stale, when it starts
 * while etcd is unreachable.
 *
 * <p>Threads: {@code signpost-etcd} delivers watch events and reloads, in order, and completes writes;
 * {@link Reachability}'s probe checks that etcd answers; {@link LocalCopy} writes the copy.
 */
public final class EtcdStore implements RegistryStore {

  private static final System.Logger LOG = System.getLogger(EtcdStore.class.getName());
  private static final ByteSequence NO_VALUE = ByteSequence.from(new byte[0]);

  private final Client client;
  private final EtcdKeys keys;
  private final Duration timeout;
  private final RegistryReader reader;
  private final Reachability etcd;
  private final LocalCopy copy;
  private final TimeSource time;
  private final CommitObserver observer;
  private final WriteBatcher<Write> batcher = new WriteBatcher<>(Write::key, EtcdStore::alone, Write::size,
      this::send);
  private final ExecutorService follower = Executors.newSingleThreadExecutor(daemon("signpost-etcd"));
  /** Per key, this node's last write to it, completing with its revision: what a write decided on it waits for. */
  private final ConcurrentHashMap<ByteSequence, CompletableFuture<Long>> ownWrites = new ConcurrentHashMap<>();
  /** Follower thread only from here. */
  private final RevisionWaiters waiters = new RevisionWaiters();
  private ChangeFeed feed;
  private Watch.Watcher watcher;
  private long delivered;
  private volatile boolean stale;
  private volatile boolean watching;
  private volatile boolean closed;
  private volatile long staleIndex;

  /**
   * @param client etcd's client, owned by the caller (the membership shares it)
   * @param local where the copy of the registry is kept; null for none (a node then starts empty without etcd)
   * @param timeout how long one etcd request may take before it counts as failed
   */
  public EtcdStore(Client client, String prefix, LocalSnapshot local, Duration timeout, TimeSource time) {
    this(client, prefix, local, timeout, time, CommitObserver.NONE);
  }

  /** As the store above, telling {@code observer} of each transaction etcd committed, timed on {@code time}. */
  public EtcdStore(Client client, String prefix, LocalSnapshot local, Duration timeout, TimeSource time,
      CommitObserver observer) {
    this.time = time;
    this.observer = observer;
    this.client = client;
    this.keys = new EtcdKeys(prefix);
    this.timeout = timeout;
    this.reader = new RegistryReader(client.getKVClient(), keys, timeout);
    this.etcd = new Reachability(client, keys.index(), timeout, time);
    this.copy = new LocalCopy(local, time);
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public StoredState load() {
    try {
      RegistryReader.Snapshot read = reader.read();
      etcd.answered();
      delivered = read.revision();
      copy.write(read.state());
      return read.state();
    } catch (Exception e) {
      etcd.failed(e);
      StoredState last = copy.read().orElse(StoredState.EMPTY);
      stale = true;
      staleIndex = last.index();
      LOG.log(Level.WARNING, "etcd is unreachable (" + etcd.reason() + "): serving the local copy of the "
          + "registry (index " + last.index() + ", " + last.instances().size() + " instances), marked stale, "
          + "until etcd answers");
      return last;
    }
  }

  @Override
  public void follow(ChangeFeed feed) {
    this.feed = feed;
    if (!stale) {
      follower.execute(() -> watchFrom(delivered + 1));
    }
    etcd.start(() -> {
      if (stale || !watching) {
        follower.execute(this::resync);
      }
    });
  }

  @Override
  public CompletionStage<Void> append(Change change) {
    return append(change, ANY);
  }

  @Override
  public CompletionStage<Void> append(Change change, long basis) {
    if (closed) {
      throw new StoreException("store is closed");
    }
    refuseWhileUnavailable();
    ByteSequence key = keys.of(change);
    CompletableFuture<Long> committed = new CompletableFuture<>();
    CompletableFuture<Void> visible = new CompletableFuture<>();
    CompletableFuture<Long> previous = ownWrites.put(key, committed);
    visible.whenComplete((v, e) -> ownWrites.remove(key, committed));
    if (change instanceof Change.CatalogTransaction txn) {
      // A later write to one of its keys is decided on it (AFTER_PENDING): it waits for this one's revision.
      for (Change w : txn.writes()) {
        ByteSequence written = keys.of(w);
        ownWrites.put(written, committed);
        visible.whenComplete((v, e) -> ownWrites.remove(written, committed));
      }
    }
    if (basis != AFTER_PENDING) {
      batcher.submit(new Write(change, key, basis, committed, visible));
    } else if (previous == null) {
      // That write is visible already, and the registry decides again on it.
      fail(committed, visible, conflict());
    } else {
      previous.whenComplete((revision, error) -> {
        if (error != null) {
          fail(committed, visible, error instanceof StoreException e && e.kind() == StoreException.Kind.CONFLICT
              ? conflict() : (StoreException) error);
        } else {
          batcher.submit(new Write(change, key, revision, committed, visible));
        }
      });
    }
    return visible;
  }

  /** One change on its way to etcd, and what waits for it. */
  private record Write(Change change, ByteSequence key, long basis, CompletableFuture<Long> committed,
      CompletableFuture<Void> visible) {

    /** About what the change weighs in a transaction: a key's value (up to 512 KiB) is most of it. */
    long size() {
      if (change instanceof Change.PutKey put) {
        return put.entry().size() * 4L / 3 + 256;
      }
      if (change instanceof Change.KeyTransaction txn) {
        return txn.writes().stream().mapToLong(w -> new Write(w, key, basis, committed, visible).size()).sum();
      }
      if (change instanceof Change.CatalogTransaction txn) {
        return txn.writes().size() * 1024L;
      }
      return 1024;
    }
  }

  /**
   * Whether a write goes in a transaction of its own: a prefix's deletion would overlap another write's key
   * (etcd refuses that), and a key or catalog transaction's guard is on the registry index, which the others
   * move.
   */
  private static boolean alone(Write w) {
    return w.change() instanceof Change.RemoveKeyTree || guardedByIndex(w.change());
  }

  /** Whether a change writes several keys, decided on the whole registry: its basis is the registry index. */
  private static boolean guardedByIndex(Change change) {
    return change instanceof Change.KeyTransaction || change instanceof Change.CatalogTransaction;
  }

  /**
   * Sends writes as one transaction, each guarded by its key's revision; calls {@code answered} once etcd
   * answered. If any guard fails, the batch is sent again one write per transaction, so that only the writes
   * another node beat are refused.
   */
  private void send(List<Write> batch, Runnable answered) {
    List<Cmp> guards = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    for (Write w : batch) {
      // A transaction's basis is the registry index it was decided on: no change may come after it.
      ByteSequence guarded = guardedByIndex(w.change()) ? keys.index() : w.key();
      if (w.basis() > 0) {
        guards.add(new Cmp(guarded, Cmp.Op.EQUAL, CmpTarget.modRevision(w.basis())));
      } else if (w.basis() == ABSENT) {
        guards.add(new Cmp(guarded, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
      }
      addOps(w.change(), w.key(), ops);
    }
    ops.add(Op.put(keys.index(), NO_VALUE, PutOption.DEFAULT));
    Cmp[] ifs = guards.toArray(Cmp[]::new);
    Op[] thens = ops.toArray(Op[]::new);
    long started = time.nanoTime();
    CompletableFuture<TxnResponse> sent = LostConnectionRetry.call(() -> client.getKVClient().txn().If(ifs)
        .Then(thens).Else(Op.get(keys.index(), GetOption.DEFAULT)).commit(), timeout, time::nanoTime);
    sent.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
      try {
        if (error != null) {
          String reason = Reachability.reason(error);
          String what = reason.equals("no answer") ? "etcd did not answer within " + timeout.toMillis() + " ms"
              : "etcd did not confirm the change (" + reason + ")";
          StoreException unconfirmed = new StoreException(what, error, StoreException.Kind.UNCONFIRMED,
              Duration.ofSeconds(1));
          batch.forEach(w -> fail(w.committed(), w.visible(), unconfirmed));
        } else if (response.isSucceeded()) {
          observer.committed(batch.size(), time.nanoTime() - started);
          long revision = response.getHeader().getRevision();
          for (Write w : batch) {
            w.committed().complete(revision);
            whenDelivered(revision, () -> w.visible().complete(null), w.visible());
          }
        } else if (batch.size() > 1) {
          batch.forEach(w -> send(List.of(w), () -> { }));
        } else {
          // Answered once this node shows the change that beat it, so the registry decides again on that.
          Write w = batch.get(0);
          StoreException conflict = conflict();
          w.committed().completeExceptionally(conflict);
          whenDelivered(lastRegistryRevision(response), () -> w.visible().completeExceptionally(conflict),
              w.visible());
        }
      } finally {
        answered.run();
      }
    });
  }

  /** The writes of a transaction (of keys, or of the catalog), in order; none for any other change. */
  private static List<Change> transactionWrites(Change change) {
    if (change instanceof Change.KeyTransaction txn) {
      return txn.writes();
    }
    return change instanceof Change.CatalogTransaction txn ? txn.writes() : List.of();
  }

  /**
   * What etcd does for a change: put or delete its key; delete a key prefix; a transaction's writes, each
   * stored as the change it is, in order (the watch delivers them in that order, at one revision).
   */
  private void addOps(Change change, ByteSequence key, List<Op> ops) {
    List<Change> writes = transactionWrites(change);
    if (!writes.isEmpty()) {
      writes.forEach(w -> addOps(w, keys.of(w), ops));
    } else if (change instanceof Change.RemoveKeyTree) {
      ops.add(Op.delete(key, DeleteOption.builder().isPrefix(true).build()));
    } else if (isRemoval(change)) {
      ops.add(Op.delete(key, DeleteOption.DEFAULT));
    } else {
      ops.add(Op.put(key, ByteSequence.from(ChangeCodec.encode(change)), PutOption.DEFAULT));
    }
  }

  private static long lastRegistryRevision(TxnResponse response) {
    List<KeyValue> index = response.getGetResponses().isEmpty() ? List.of()
        : response.getGetResponses().get(0).getKvs();
    return index.isEmpty() ? response.getHeader().getRevision() : index.get(0).getModRevision();
  }

  private static boolean isRemoval(Change change) {
    return change instanceof Change.Remove || change instanceof Change.RemovePolicy
        || change instanceof Change.RemoveAclToken || change instanceof Change.RemoveAclPolicy
        || change instanceof Change.RemoveNode || change instanceof Change.RemoveKey;
  }

  private void whenDelivered(long revision, Runnable action, CompletableFuture<Void> visible) {
    follower.execute(() -> {
      Runnable guarded = () -> {
        if (closed) {
          visible.completeExceptionally(new StoreException("store is closed"));
        } else {
          action.run();
        }
      };
      if (delivered >= revision && !stale) {
        guarded.run();
      } else {
        waiters.add(revision, guarded);
      }
    });
  }

  private static void fail(CompletableFuture<Long> committed, CompletableFuture<Void> visible, StoreException e) {
    committed.completeExceptionally(e);
    visible.completeExceptionally(e);
  }

  private static StoreException conflict() {
    return new StoreException("another node changed it meanwhile", null, StoreException.Kind.CONFLICT, null);
  }

  private void refuseWhileUnavailable() {
    if (!etcd.reachable()) {
      throw new StoreException("etcd is unreachable (" + etcd.reason() + "); this node serves the last "
          + "known state until etcd answers", null, StoreException.Kind.UNAVAILABLE,
          Duration.ofSeconds(1));
    }
    if (stale) {
      throw new StoreException("this node is catching up with etcd", null,
          StoreException.Kind.UNAVAILABLE, Duration.ofSeconds(1));
    }
  }

  // ---- following etcd: the signpost-etcd thread ----

  private void watchFrom(long revision) {
    if (closed) {
      return;
    }
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision).build();
    watcher = client.getWatchClient().watch(keys.registry(), option, Watch.listener(
        response -> follower.execute(() -> deliver(response)),
        error -> follower.execute(() -> watchFailed(error))));
    watching = true;
  }

  private void deliver(WatchResponse response) {
    if (closed || !watching) {
      return;
    }
    List<Change> changes = new ArrayList<>();
    long last = delivered;
    for (WatchEvent event : response.getEvents()) {
      KeyValue kv = event.getKeyValue();
      long revision = kv.getModRevision();
      if (revision <= delivered) {
        continue; // already delivered, before a reconnection
      }
      last = Math.max(last, revision);
      String relative = keys.relative(kv.getKey());
      if (relative.equals("index")) {
        continue;
      }
      try {
        if (event.getEventType() == WatchEvent.EventType.PUT) {
          changes.add(ChangeCodec.decodeAt(kv.getValue().getBytes(), kv.getCreateRevision(), revision));
        } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
          Change removal = EtcdKeys.removal(relative, revision);
          if (removal != null) {
            changes.add(removal);
          }
        }
      } catch (StoreException e) {
        LOG.log(Level.ERROR, "ignored etcd key " + relative + " at revision " + revision + ": " + e.getMessage());
      }
    }
    if (!changes.isEmpty()) {
      feed.committed(changes);
      copy.changed(changes.size());
    }
    delivered = last;
    waiters.release(delivered);
  }

  private void watchFailed(Throwable error) {
    watching = false;
    closeWatcher();
    if (closed) {
      return;
    }
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof CompactedException)) {
      cause = cause.getCause();
    }
    if (cause instanceof CompactedException compacted) {
      LOG.log(Level.INFO, "the registry's watch fell behind etcd's compaction (revision "
          + compacted.getCompactedRevision() + "): reading the whole registry again");
    } else {
      LOG.log(Level.WARNING, "the registry's watch failed (" + Reachability.reason(error) + "): reading the "
          + "whole registry again once etcd answers");
    }
    resync();
  }

  /** Reads the whole registry, hands it to the registry to reload, and watches from there. */
  private void resync() {
    if (closed || watching) {
      return;
    }
    RegistryReader.Snapshot read;
    try {
      read = reader.read();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "etcd not readable yet: " + Reachability.reason(e));
      return; // the next probe tries again
    }
    feed.reload(read.state());
    delivered = read.revision();
    if (stale) {
      stale = false;
      LOG.log(Level.INFO, "caught up with etcd at index " + read.state().index() + " (was serving the local copy "
          + "at index " + staleIndex + ")");
    }
    copy.write(read.state());
    waiters.release(delivered);
    watchFrom(delivered + 1);
  }

  private void closeWatcher() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Override
  public Optional<String> failure() {
    if (closed) {
      return Optional.of("store is closed");
    }
    if (!etcd.reachable()) {
      return Optional.of("etcd is unreachable (" + etcd.reason() + "): serving the last known state, "
          + "refusing writes");
    }
    if (stale) {
      return Optional.of("serving a stale local copy of the registry (index " + staleIndex + ") while catching "
          + "up with etcd");
    }
    return Optional.empty();
  }

  // ---- the local copy ----

  @Override
  public boolean wantsCompaction() {
    return !stale && copy.due();
  }

  @Override
  public void compact(StoredState state) {
    copy.write(state);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    etcd.close();
    follower.execute(() -> {
      closeWatcher();
      waiters.releaseAll();
    });
    follower.shutdown();
    try {
      follower.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    copy.close();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
