package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Looks past a damaged journal record for valid ones, to tell a torn tail (nothing valid after it: a
 * crash mid-write, safe to cut) from damage in the middle (acknowledged records after it: never cut
 * silently). Runs only when replay met damage.
 *
 * <p>Every byte offset is a candidate, so a damaged length field cannot hide the records after it. A
 * candidate is a frame whose length fits {@link RecordFraming} and the file, whose payload starts and ends
 * with a brace (every change is one JSON object) and whose CRC32C matches.
 *
 * <p>False positives: inside JSON text no offset even passes the length test (its top byte would be
 * printable, so the length would exceed the limit), and a candidate in garbage that passes the cheap tests
 * matches its 32-bit checksum with odds of 2^-32, negligible for the few such candidates a file holds.
 * And a false "valid record follows" only refuses a start that could have cut; it never cuts a record.
 *
 * <p>Cost: one pass over the bytes, plus the checksums of candidates, bounded by a budget of four times the
 * bytes scanned (64 MiB at least); a scan that runs out of it reports itself incomplete, which the caller
 * treats as "valid records may follow".
 */
final class FrameScanner {

  /** What follows a damaged record; {@code complete} is false when the checksum budget ran out. */
  record Survey(long validRecords, boolean complete) {
    boolean anyValid() {
      return validRecords > 0 || !complete;
    }
  }

  private static final int WINDOW_BYTES = 64 * 1024;
  /** A header and a payload of at least one byte. */
  private static final int MIN_FRAME_BYTES = RecordFraming.HEADER_BYTES + 1;
  private static final long EXHAUSTED = -2;
  /** The largest first byte of a plausible length (big-endian): 0 while the limit is 16 MiB. */
  private static final int LENGTH_TOP_BYTE_MAX = RecordFraming.MAX_PAYLOAD_BYTES >>> 24;

  private final FileChannel file;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
  /** Bytes the scan may still checksum. */
  private long budget;

  private FrameScanner(FileChannel file, long size, long from) {
    this.file = file;
    this.size = size;
    this.budget = Math.max(64L << 20, 4 * (size - from));
  }

  /** Counts the valid records that start after {@code from}. */
  static Survey survey(FileChannel file, long from) throws IOException {
    long size = file.size();
    return new FrameScanner(file, size, from).run(from);
  }

  private Survey run(long from) throws IOException {
    long records = 0;
    long at = from;
    while (true) {
      long found = nextFrame(at);
      if (found < 0) {
        return new Survey(records, found != EXHAUSTED);
      }
      // Records follow one another: walk them by their lengths, and search again past the next damage.
      at = found;
      for (long end; (end = frameEnd(at)) > 0; at = end) {
        records++;
      }
      at++;
    }
  }

  /** The offset of the next valid frame at or after {@code from}, -1 for none, or {@link #EXHAUSTED}. */
  private long nextFrame(long from) throws IOException {
    long base = from;
    while (base + MIN_FRAME_BYTES <= size) {
      int read = fill(base);
      int last = read - MIN_FRAME_BYTES;
      for (int i = 0; i <= last; i++) {
        // Most offsets stop at this test: in JSON text the byte is printable, far above the limit's.
        if ((window.get(i) & 0xFF) > LENGTH_TOP_BYTE_MAX) {
          continue;
        }
        int length = window.getInt(i);
        if (plausible(base + i, length) && window.get(i + RecordFraming.HEADER_BYTES) == '{') {
          if (isFrame(base + i, length)) {
            return base + i;
          }
          if (budget < 0) {
            return EXHAUSTED;
          }
        }
      }
      base += last + 1;
    }
    return -1;
  }

  /** Where the frame at {@code at} ends if a valid one starts there, else -1. */
  private long frameEnd(long at) throws IOException {
    if (at + MIN_FRAME_BYTES > size) {
      return -1;
    }
    ByteBuffer header = ByteBuffer.allocate(RecordFraming.HEADER_BYTES);
    readFully(header, at);
    int length = header.getInt(0);
    return plausible(at, length) && isFrame(at, length) ? at + RecordFraming.HEADER_BYTES + length : -1;
  }

  private boolean plausible(long at, int length) {
    return length > 0 && length <= RecordFraming.MAX_PAYLOAD_BYTES
        && at + RecordFraming.HEADER_BYTES + length <= size;
  }

  private boolean isFrame(long at, int length) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(RecordFraming.HEADER_BYTES + length);
    budget -= frame.capacity();
    readFully(frame, at);
    byte[] payload = new byte[length];
    frame.get(RecordFraming.HEADER_BYTES, payload);
    return payload[0] == '{' && payload[length - 1] == '}' && RecordFraming.crc(payload) == frame.getInt(4);
  }

  /** Reads the window from {@code at}; returns how many bytes it holds (less only at the end of the file). */
  private int fill(long at) throws IOException {
    window.clear();
    window.limit((int) Math.min(WINDOW_BYTES, size - at));
    readFully(window, at);
    return window.limit();
  }

  private void readFully(ByteBuffer buffer, long at) throws IOException {
    while (buffer.hasRemaining()) {
      if (file.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("the file ended at " + (at + buffer.position()) + " while being read");
      }
    }
  }
}
