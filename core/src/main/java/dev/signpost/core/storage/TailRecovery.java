package dev.signpost.core.storage;

import dev.signpost.core.TimeSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What replay does with the journal from the first record it could not take. Only a torn tail is cut:
 * nothing valid after it, so it is a crash mid-write and nothing in it was acknowledged (zeroes alone are
 * space an open journal allocated, cut with a note rather than a warning). Damage with valid records after
 * it, or a record that passes its checksum but cannot be read, deletes acknowledged records if cut: the
 * start stops with the journal untouched, or, with {@link RepairMode#SET_ASIDE}, the rest of the file is
 * moved to a side file first ({@link SideFile}).
 */
final class TailRecovery {

  /** Logged as the replay it belongs to. */
  private static final System.Logger LOG = System.getLogger(JournalReader.class.getName());

  /**
   * The first record replay could not take.
   *
   * @param offset where it starts
   * @param problem what is wrong with it, as the log and error say it
   * @param unreadable whether it passed its checksum (so it is not torn) but did not decode
   */
  record Damage(long offset, String problem, boolean unreadable) {}

  private final Path journal;
  private final RepairMode mode;
  private final TimeSource time;

  TailRecovery(Path journal, RepairMode mode, TimeSource time) {
    this.journal = journal;
    this.mode = mode;
    this.time = time;
  }

  /** Replay took every record: says so when a repair was asked for. */
  void healthy() {
    if (mode == RepairMode.SET_ASIDE) {
      LOG.log(Level.INFO, "journal {0}: nothing to repair; every record is kept", journal);
    }
  }

  /**
   * Cuts, sets aside or refuses the journal from {@code damage} on.
   *
   * @throws StoreException when the rest cannot be cut without deleting acknowledged records and no
   *     repair was asked for, or the file cannot be read or changed
   */
  void recover(Damage damage) {
    // Read-only until something is to be cut: a refusal must leave the file exactly as it was.
    try (FileChannel file = FileChannel.open(journal, StandardOpenOption.READ)) {
      long bytes = file.size() - damage.offset();
      if (!damage.unreadable() && zeroesFrom(file, damage.offset())) {
        truncate(damage.offset());
        LOG.log(Level.INFO, "journal {0} was not closed by the last run: cut the {1} zero bytes it had"
            + " allocated after its last record, at offset {2}; every record is kept", journal,
            Long.toString(bytes), Long.toString(damage.offset()));
        healthy();
        return;
      }
      FrameScanner.Survey after = FrameScanner.survey(file, damage.offset() + 1);
      if (!damage.unreadable() && !after.anyValid()) {
        truncate(damage.offset());
        LOG.log(Level.WARNING, "journal {0}: cut {1} bytes at offset {2} ({3}); every record before it is"
            + " kept", journal, Long.toString(bytes), Long.toString(damage.offset()), damage.problem());
        healthy();
        return;
      }
      if (mode == RepairMode.REFUSE) {
        throw new StoreException(refusal(damage, after));
      }
      Path side = SideFile.copy(file, journal, damage.offset(), time);
      truncate(damage.offset());
      String set = (after.complete() ? "" : "at least ") + records(after.validRecords(), "valid-looking");
      LOG.log(Level.WARNING, "journal {0}: set aside {1} bytes from offset {2} ({3}; {4} after it) in {5};"
          + " every record before it is kept", journal, Long.toString(bytes), Long.toString(damage.offset()),
          damage.problem(), set, side);
    } catch (IOException e) {
      throw new StoreException("journal " + journal + " is damaged at offset " + damage.offset() + " ("
          + damage.problem() + ") and cannot be recovered: " + DataDir.reason(e), e);
    }
  }

  private String refusal(Damage damage, FrameScanner.Survey after) {
    long n = after.validRecords();
    String follow = !after.complete()
        ? "valid records may follow it (" + n + " found before the search stopped early)"
        : records(n, "valid") + (n == 1 ? " follows it" : " follow it");
    String repair = "start with --repair-journal to move it and everything after it to a side file, keeping every"
        + " record before it";
    String at = "journal " + journal + ": the record at offset " + damage.offset();
    if (damage.unreadable()) {
      return at + " passes its checksum but cannot be read (" + damage.problem() + ") and " + follow
          + "; nothing was cut. Was it written by a newer Signpost? If not, " + repair;
    }
    return at + " is damaged (" + damage.problem() + ") and " + follow + "; nothing was cut. S" + repair.substring(1);
  }

  private static String records(long n, String kind) {
    return n + " " + kind + (n == 1 ? " record" : " records");
  }

  /**
   * Whether the file holds only zero bytes from {@code offset} on: the space an open journal allocates
   * ahead of its records, which a crash leaves behind. Not damage, so not a warning.
   */
  private static boolean zeroesFrom(FileChannel file, long offset) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    for (long at = offset; ; ) {
      buffer.clear();
      int read = file.read(buffer, at);
      if (read < 0) {
        return true;
      }
      for (int k = 0; k < read; k++) {
        if (buffer.get(k) != 0) {
          return false;
        }
      }
      at += read;
    }
  }

  private void truncate(long offset) throws IOException {
    try (FileChannel file = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      file.truncate(offset);
      file.force(true);
    }
  }
}
