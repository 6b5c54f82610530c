package dev.signpost.zones;

/**
 * The numbers of DNS's wire format (RFC 1035 4.1) that both the parser of the common query and the writers
 * of replies use, defined once: a reply's records point back into its question, so the two must agree on
 * where it starts.
 */
public final class DnsWire {

  /** The fixed header; the question, and so its name, starts right after it. */
  public static final int HEADER_LENGTH = 12;
  /** Where the header holds the number of answer records. */
  public static final int ANSWER_COUNT_OFFSET = 6;
  /** Where the header holds the number of additional records. */
  public static final int ADDITIONAL_COUNT_OFFSET = 10;
  /** The longest name, in bytes, its length bytes and root label included. */
  public static final int MAX_NAME = 255;
  /** The longest label, in bytes. */
  public static final int MAX_LABEL = 63;
  /** The top two bits of a length byte that make it (and the next byte) a compression pointer. */
  public static final int COMPRESSION_POINTER = 0xC000;
  /** The furthest offset a compression pointer reaches (14 bits). */
  public static final int MAX_POINTER = 0x3FFF;
  /** An OPT record without options: root owner, type, payload size, extended rcode and flags, no data. */
  public static final int OPT_LENGTH = 11;

  private DnsWire() {}
}
