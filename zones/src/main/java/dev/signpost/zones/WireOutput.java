package dev.signpost.zones;

/**
 * A reusable buffer that a reply is written into, byte by byte, up to a limit: the size the client
 * accepts. A write past the limit is not made and marks the output overflowed, so the caller can fall
 * back to an encoder that truncates by the rules. One per thread; never shared.
 */
public final class WireOutput {

  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean overflowed;

  public WireOutput(int capacity) {
    this.buffer = new byte[capacity];
  }

  /** Starts a new reply: empty, at most {@code limit} bytes. */
  public void reset(int limit) {
    if (limit > buffer.length) {
      throw new IllegalArgumentException("limit " + limit + " exceeds the capacity " + buffer.length);
    }
    this.position = 0;
    this.limit = limit;
    this.overflowed = false;
  }

  /** Allows {@code more} bytes beyond the current limit (room kept back for a record written last). */
  public void extendLimit(int more) {
    limit = Math.min(buffer.length, limit + more);
  }

  public int position() {
    return position;
  }

  public boolean overflowed() {
    return overflowed;
  }

  /** The bytes written so far, a copy. */
  public byte[] toByteArray() {
    return java.util.Arrays.copyOf(buffer, position);
  }

  public void u8(int value) {
    if (room(1)) {
      buffer[position++] = (byte) value;
    }
  }

  public void u16(int value) {
    if (room(2)) {
      buffer[position++] = (byte) (value >>> 8);
      buffer[position++] = (byte) value;
    }
  }

  public void u32(long value) {
    if (room(4)) {
      buffer[position++] = (byte) (value >>> 24);
      buffer[position++] = (byte) (value >>> 16);
      buffer[position++] = (byte) (value >>> 8);
      buffer[position++] = (byte) value;
    }
  }

  public void bytes(byte[] source, int offset, int length) {
    if (room(length)) {
      System.arraycopy(source, offset, buffer, position, length);
      position += length;
    }
  }

  /** Overwrites two bytes already written (a count or a length known only later). */
  public void u16At(int offset, int value) {
    if (offset + 2 <= position) {
      buffer[offset] = (byte) (value >>> 8);
      buffer[offset + 1] = (byte) value;
    }
  }

  private boolean room(int bytes) {
    if (overflowed || position + bytes > limit) {
      overflowed = true;
      return false;
    }
    return true;
  }
}
