package dev.signpost.cluster;

import io.etcd.jetcd.ByteSequence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Group commit for etcd: writes that arrive while transactions are in flight wait, and leave together in
 * the next one. One transaction per registration cost etcd about as much CPU as everything else a
 * registration does (bench/cluster.sh); a transaction of sixteen costs little more than one of one.
 * A key is written at most once per transaction (etcd refuses duplicates); a write to a key already in the
 * batch waits for the next. A write that must go {@code alone} gets a transaction of its own, and a batch
 * stops growing past {@link #MAX_BATCH_BYTES} (etcd refuses requests over 1.5 MiB by default; a key's value
 * may be 512 KiB).
 *
 * @param <W> a write
 */
final class WriteBatcher<W> {

  /** Changes per transaction at most: with the index key, well under etcd's default of 128 operations. */
  static final int MAX_BATCH = 100;
  /** The weight of a transaction's writes at most, unless one write weighs more alone. */
  static final long MAX_BATCH_BYTES = 1024 * 1024;
  /**
   * Transactions in flight at once: one, while the next fills. Two made batches half as big (4 registrations
   * per etcd fsync instead of 7 from 16 clients) and cost etcd 170 µs of CPU per registration instead of 130.
   */
  static final int MAX_IN_FLIGHT = 1;

  private final java.util.function.Function<W, ByteSequence> keyOf;
  private final java.util.function.Predicate<W> alone;
  private final java.util.function.ToLongFunction<W> size;
  /** Sends a batch and calls the runnable once etcd has answered it (either way). */
  private final BiConsumer<List<W>, Runnable> sender;
  private final ArrayDeque<W> queue = new ArrayDeque<>();
  private int inFlight;

  WriteBatcher(java.util.function.Function<W, ByteSequence> keyOf, BiConsumer<List<W>, Runnable> sender) {
    this(keyOf, w -> false, w -> 0, sender);
  }

  /**
   * @param alone whether a write must be the only one of its transaction
   * @param size about how many bytes a write adds to a transaction
   */
  WriteBatcher(java.util.function.Function<W, ByteSequence> keyOf, java.util.function.Predicate<W> alone,
      java.util.function.ToLongFunction<W> size, BiConsumer<List<W>, Runnable> sender) {
    this.keyOf = keyOf;
    this.alone = alone;
    this.size = size;
    this.sender = sender;
  }

  void submit(W write) {
    List<List<W>> ready;
    synchronized (this) {
      queue.add(write);
      ready = take();
    }
    ready.forEach(this::send);
  }

  private void send(List<W> batch) {
    sender.accept(batch, this::answered);
  }

  private void answered() {
    List<List<W>> ready;
    synchronized (this) {
      inFlight--;
      ready = take();
    }
    ready.forEach(this::send);
  }

  /** The batches to send now; call holding the monitor. */
  private List<List<W>> take() {
    List<List<W>> batches = new ArrayList<>();
    while (inFlight < MAX_IN_FLIGHT && !queue.isEmpty()) {
      List<W> batch = new ArrayList<>();
      Set<ByteSequence> keys = new HashSet<>();
      long bytes = 0;
      while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
        W next = queue.peek();
        boolean fits = batch.isEmpty() || !alone.test(next) && !alone.test(batch.get(0))
            && bytes + size.applyAsLong(next) <= MAX_BATCH_BYTES;
        if (!fits || !keys.add(keyOf.apply(next))) {
          break;
        }
        bytes += size.applyAsLong(next);
        batch.add(queue.poll());
      }
      inFlight++;
      batches.add(batch);
    }
    return batches;
  }
}
