package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code journal.log} opened for appending. Only the writer thread touches it after start-up.
 *
 * <p>The file is zero-filled ahead of the records ({@link #PREALLOCATION_BYTES} at a time, synced with its
 * new length), so a commit overwrites blocks that already exist inside the file's length. An fsync of an
 * append that grows the file must also commit the new length and block allocation to the file system's
 * own journal (ext4: a jbd2 commit): on our disk that made the mean fdatasync 1.1 ms with a 4 ms p90,
 * against 0.2 ms mean for the same write inside the file. A clean {@link #close} cuts the unused zeroes
 * off again; after a crash, replay cuts them as it cuts a torn tail ({@link JournalReader} stops at the
 * first empty record).
 *
 * <p>Offsets ({@link #end}, {@link #cutBefore}) count every byte ever written since the file was opened,
 * so an offset taken before a cut still names the same record after it.
 */
final class JournalFile implements AutoCloseable {

  /** Zeroes written ahead at a time: about 10,000 records; costs one ~4 ms write and sync per chunk. */
  static final int PREALLOCATION_BYTES = 4 * 1024 * 1024;
  private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();

  private final DataDir dir;
  private final AtomicLong commits = new AtomicLong();
  private FileChannel channel;
  /** Bytes cut off the front since the file was opened. */
  private long base;
  /** Where the next record goes in the file: the end of the last one written. */
  private long end;
  /** The file's length: everything from {@link #end} up to it is zeroes, already durable. */
  private long allocated;

  private JournalFile(DataDir dir, FileChannel channel, long end) {
    this.dir = dir;
    this.channel = channel;
    this.end = end;
    this.allocated = end;
  }

  /** Opens the journal with the next record going at {@code end}, the end of the last good record. */
  static JournalFile open(DataDir dir, long end) {
    boolean created = !Files.exists(dir.journal());
    FileChannel channel = null;
    try {
      // A journal being rewritten by a cut when the process died never replaced the real one.
      Files.deleteIfExists(cutFile(dir));
      channel = FileChannel.open(dir.journal(), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      if (channel.size() > end) {
        // Replay cuts whatever follows the last good record; bytes past it that are not known to be
        // zeroes must not be mistaken for preallocated space.
        channel.truncate(end);
        channel.force(true);
      }
      channel.position(end);
      if (created) {
        // The file's name must survive a crash as well as what is later written into it.
        dir.sync();
      }
      return new JournalFile(dir, channel, end);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new StoreException("journal " + dir.journal() + " cannot be opened for writing: "
          + DataDir.reason(e), e);
    }
  }

  /** Writes the framed records in order; not durable until {@link #commit}. */
  void write(List<ByteBuffer> frames) throws IOException {
    ByteBuffer[] bufs = frames.toArray(ByteBuffer[]::new);
    long left = 0;
    for (ByteBuffer b : bufs) {
      left += b.remaining();
    }
    preallocate(end + left);
    end += left;
    // FileChannel.write may write less than it was given; its contract promises no more.
    while (left > 0) {
      left -= channel.write(bufs);
    }
  }

  /**
   * Makes everything written so far durable: one fsync for however many records a batch holds. Only
   * data blocks inside the file's synced length changed, so fdatasync has no metadata to commit.
   */
  void commit() throws IOException {
    channel.force(false);
    commits.incrementAndGet();
  }

  /** The offset of the next record: a compaction's snapshot holds everything before the offset it takes. */
  long end() {
    return base + end;
  }

  /**
   * Drops the records before {@code offset} (from {@link #end}), which a durable snapshot now holds, and
   * keeps those after it: they were appended while the snapshot was being written. The kept records are
   * copied into a new file, synced, and renamed over the journal, so a crash at any point leaves either
   * the whole old journal or the new one, each complete (replay skips records the snapshot already has).
   * Everything written must have been committed.
   */
  void cutBefore(long offset) throws IOException {
    long from = offset - base;
    if (from <= 0) {
      return;
    }
    long kept = end - from;
    Path cut = cutFile(dir);
    FileChannel next = FileChannel.open(cut, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      for (long done = 0; done < kept; ) {
        done += channel.transferTo(from + done, kept - done, next);
      }
      zeroFill(next, kept, kept + PREALLOCATION_BYTES);
      next.force(true);
      Files.move(cut, dir.journal(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      dir.sync();
      next.position(kept);
    } catch (IOException | RuntimeException e) {
      try {
        next.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    FileChannel old = channel;
    channel = next;
    base += from;
    end = kept;
    allocated = kept + PREALLOCATION_BYTES;
    try {
      old.close();
    } catch (IOException ignored) {
      // The old file is no longer the journal (renamed over, every record it held is in the new one or
      // the snapshot): failing to close it loses nothing, and must not fail the store.
    }
  }

  /**
   * Zero-fills the file up to at least {@code upTo}, in whole chunks, and syncs data and length before any
   * record goes there: a record synced later must never depend on metadata that is not durable yet.
   */
  private void preallocate(long upTo) throws IOException {
    if (upTo <= allocated) {
      return;
    }
    long target = allocated + Math.max(PREALLOCATION_BYTES, upTo - allocated);
    zeroFill(channel, allocated, target);
    channel.force(true);
    allocated = target;
  }

  private static void zeroFill(FileChannel file, long from, long to) throws IOException {
    for (long at = from; at < to; ) {
      ByteBuffer zeroes = ZEROES.duplicate();
      zeroes.limit((int) Math.min(zeroes.capacity(), to - at));
      at += file.write(zeroes, at);
    }
  }

  /** Where {@link #cutBefore} builds the new journal before renaming it over the old one. */
  private static Path cutFile(DataDir dir) {
    return dir.journal().resolveSibling(DataDir.JOURNAL + ".cut");
  }

  /** How many times {@link #commit} has synced the file; lets tests see that group commit groups. */
  long commits() {
    return commits.get();
  }

  /** Cuts the unused zeroes off, so a cleanly closed journal ends with its last record, then closes. */
  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen() && allocated > end) {
        channel.truncate(end);
        channel.force(true);
      }
    } finally {
      channel.close();
    }
  }
}
