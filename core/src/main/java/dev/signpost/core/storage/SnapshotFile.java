package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
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
    byte[] json;
    try {
      // A temporary file left by a crash mid-compaction was never renamed, so it never counted.
      Files.deleteIfExists(dir.snapshotTemp());
      json = Files.readAllBytes(dir.snapshot());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("snapshot " + dir.snapshot() + " cannot be read: " + DataDir.reason(e), e);
    }
    try {
      return Optional.of(JournalCodec.decodeSnapshot(json));
    } catch (CorruptDataException e) {
      throw new StoreException("snapshot " + dir.snapshot() + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** Replaces the snapshot with {@code state}; durable when this returns. */
  void write(StoredState state) throws IOException {
    ByteBuffer json = ByteBuffer.wrap(JournalCodec.encode(state));
    try (FileChannel tmp = FileChannel.open(dir.snapshotTemp(), StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (json.hasRemaining()) {
        tmp.write(json);
      }
      tmp.force(true);
    }
    Files.move(dir.snapshotTemp(), dir.snapshot(), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    dir.sync();
  }
}
