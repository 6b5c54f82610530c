package dev.signpost.core.storage;

import dev.signpost.core.TimeSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code journal.log.corrupt-<UTC time>}: where {@code --repair-journal} keeps the journal from a damaged
 * record on, byte for byte, before cutting it off, so a repair never deletes acknowledged records without
 * a copy. It is durable (file and directory synced) before the journal is cut; Signpost never reads it.
 */
final class SideFile {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SideFile() {}

  /** Copies {@code journal} from {@code offset} to its end into a new side file; returns the side file. */
  static Path copy(FileChannel journal, Path journalPath, long offset, TimeSource time) throws IOException {
    String name = journalPath.getFileName() + ".corrupt-" + STAMP.format(time.now());
    // Two repairs within a second: a suffix, never an overwritten copy.
    for (int n = 1; ; n++) {
      Path side = journalPath.resolveSibling(n == 1 ? name : name + "-" + n);
      try (FileChannel out = FileChannel.open(side, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long bytes = journal.size() - offset;
        for (long done = 0; done < bytes; ) {
          done += journal.transferTo(offset + done, bytes - done, out);
        }
        out.force(true);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      DataDir.sync(journalPath.getParent());
      return side;
    }
  }
}
