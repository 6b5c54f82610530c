package dev.signpost.core.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The journal's record frame: {@code [u32 payload length][u32 CRC32C of payload][payload]}, big-endian.
 * The length lets a reader find the next record; the checksum tells a torn or rotted record from a good one.
 */
final class RecordFraming {

  static final int HEADER_BYTES = 8;

  /**
   * No change comes near this; a header claiming more is garbage, and refusing it keeps a corrupt length
   * from making the reader allocate gigabytes.
   */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  private RecordFraming() {}

  /** The framed record, ready to write. */
  static ByteBuffer frame(byte[] payload) {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new StoreException("a change of " + payload.length + " bytes is larger than the journal's limit of "
          + MAX_PAYLOAD_BYTES + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buf.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
    return buf;
  }

  /** CRC32C (Castagnoli): hardware-accelerated on current CPUs, and what most storage engines use. */
  static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, payload.length);
    return (int) crc.getValue();
  }
}
