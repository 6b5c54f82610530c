package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's directory: made if missing, held with an exclusive lock for the life of the store (two
 * processes appending to one journal would interleave records), and the home of its files. Every failure
 * becomes a one-line {@link StoreException} naming the directory, since the launcher prints it as is.
 */
final class DataDir implements AutoCloseable {

  static final String JOURNAL = "journal.log";
  static final String SNAPSHOT = "snapshot.json";
  static final String SNAPSHOT_TEMP = "snapshot.json.tmp";
  static final String LOCK = "LOCK";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDir(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Creates the directory if needed and locks it. */
  static DataDir lock(Path dir) {
    Path abs = dir.toAbsolutePath();
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new StoreException("data dir " + abs + " cannot be created: " + reason(e), e);
    }
    if (!Files.isDirectory(abs)) {
      throw new StoreException("data dir " + abs + " is not a directory");
    }
    // Checked up front: an existing LOCK and journal could otherwise be opened, and the store would only
    // fail at its first compaction, when the snapshot cannot be created.
    if (!Files.isWritable(abs)) {
      throw new StoreException("data dir " + abs + " is not writable: Permission denied");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(abs.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("data dir " + abs + " is not writable: " + reason(e), e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(abs, null);
      }
      writePid(channel);
      return new DataDir(abs, channel, lock);
    } catch (OverlappingFileLockException e) {
      // Another store in this same JVM holds it: to the operator that is the same mistake.
      closeQuietly(channel);
      throw inUse(abs, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("data dir " + abs + " cannot be locked: " + reason(e), e);
    } catch (StoreException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  Path path() {
    return dir;
  }

  Path journal() {
    return dir.resolve(JOURNAL);
  }

  Path snapshot() {
    return dir.resolve(SNAPSHOT);
  }

  Path snapshotTemp() {
    return dir.resolve(SNAPSHOT_TEMP);
  }

  /** Makes creations and renames of entries in the directory durable, as a file's fsync does not. */
  void sync() throws IOException {
    sync(dir);
  }

  /** As {@link #sync()}, for a directory known by its path. */
  static void sync(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases the lock as well.
    }
    closeQuietly(lockChannel);
  }

  /** The operating system's wording for a file error ("Permission denied"), without repeating the path. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file that is not a directory is in the way";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static StoreException inUse(Path dir, Throwable cause) {
    return new StoreException("data dir " + dir + " is in use by another Signpost process", cause);
  }

  // Only a hint for whoever finds the directory locked; the lock itself is what counts.
  private static void writePid(FileChannel channel) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing useful is left to do with a channel that fails to close.
    }
  }
}
