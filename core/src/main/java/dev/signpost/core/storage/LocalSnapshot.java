package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A copy of the whole registry in a data dir, {@code snapshot.json} as the journal store writes it, with
 * the dir locked while open: what a cluster node keeps of the shared registry so that it can answer after
 * a restart while the shared store is unreachable.
 */
public final class LocalSnapshot implements AutoCloseable {

  private final DataDir dir;
  private final SnapshotFile file;

  private LocalSnapshot(DataDir dir) {
    this.dir = dir;
    this.file = new SnapshotFile(dir);
  }

  /**
   * Creates the dir if needed and locks it.
   *
   * @throws StoreException when it cannot be created, written or locked (another process uses it)
   */
  public static LocalSnapshot open(Path dataDir) {
    return new LocalSnapshot(DataDir.lock(dataDir));
  }

  /**
   * The copy last written, if any.
   *
   * @throws StoreException when it exists and cannot be read
   */
  public Optional<StoredState> read() {
    return file.read();
  }

  /** Replaces the copy; durable when this returns. */
  public void write(StoredState state) throws IOException {
    file.write(state);
  }

  public Path path() {
    return dir.path();
  }

  @Override
  public void close() {
    dir.close();
  }
}
