package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@code journal.log} opened for appending. Only the writer thread touches it after start-up. */
final class JournalFile implements AutoCloseable {

  private final FileChannel channel;
  private final AtomicLong commits = new AtomicLong();

  private JournalFile(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens the journal with the next record going at {@code end}, the end of the last good record. */
  static JournalFile open(DataDir dir, long end) {
    boolean created = !Files.exists(dir.journal());
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.journal(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.position(end);
      if (created) {
        // The file's name must survive a crash as well as what is later written into it.
        dir.sync();
      }
      return new JournalFile(channel);
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
    // FileChannel.write may write less than it was given; its contract promises no more.
    while (left > 0) {
      left -= channel.write(bufs);
    }
  }

  /** Makes everything written so far durable: one fsync for however many records a batch holds. */
  void commit() throws IOException {
    channel.force(false);
    commits.incrementAndGet();
  }

  /** Empties the journal once a snapshot holds everything in it. */
  void truncate() throws IOException {
    channel.truncate(0);
    channel.position(0);
    // force(true): the new length is metadata, and stale records must not reappear behind new ones.
    channel.force(true);
  }

  /** How many times {@link #commit} has synced the file; lets tests see that group commit groups. */
  long commits() {
    return commits.get();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
