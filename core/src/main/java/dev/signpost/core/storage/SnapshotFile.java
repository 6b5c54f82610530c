package dev.signpost.core.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code snapshot.json}: the whole registry as of one index. It is only ever replaced whole, by writing a
 * temporary file, syncing it and renaming it over the old one, so a reader sees the old snapshot or the
 * new one and never a mixture.
 */
final class SnapshotFile {

  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  private final DataDir dir;

  SnapshotFile(DataDir dir) {
    this.dir = dir;
  }

  /**
   * The stored snapshot, if there is one.
   *
   * @throws StoreException when it cannot be read or does not decode: starting empty would silently drop
   *     every instance it holds
   */
  Optional<StoredState> read() {
    InputStream in;
    try {
      // A temporary file left by a crash mid-compaction was never renamed, so it never counted.
      Files.deleteIfExists(dir.snapshotTemp());
      in = Files.newInputStream(dir.snapshot());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("snapshot " + dir.snapshot() + " cannot be read: " + DataDir.reason(e), e);
    }
    // Streamed: a million instances are 200 MB of JSON, which need not be in memory at once.
    try (in) {
      return Optional.of(JournalCodec.decodeSnapshot(in));
    } catch (CorruptDataException e) {
      // One line, and plain that the journal's repair does not cover it: restoring a backup is a human's call.
      throw new StoreException("snapshot " + dir.snapshot() + " is corrupt: " + e.getMessage()
          + "; nothing was changed, and --repair-journal does not repair a snapshot: restore it from a backup",
          e);
    } catch (IOException e) {
      throw new StoreException("snapshot " + dir.snapshot() + " cannot be read: " + DataDir.reason(e), e);
    }
  }

  /**
   * Replaces the snapshot with {@code state}; durable when this returns. A write that fails (a full disk)
   * deletes its temporary file, so the space it took goes back to the journal.
   */
  void write(StoredState state) throws IOException {
    try (FileChannel tmp = FileChannel.open(dir.snapshotTemp(), StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      // Streamed, as it is read: the JSON of a million instances is never one byte array.
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(tmp), WRITE_BUFFER_BYTES);
      JournalCodec.encode(state, out);
      out.flush();
      tmp.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(dir.snapshotTemp());
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    Files.move(dir.snapshotTemp(), dir.snapshot(), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    dir.sync();
  }
}
