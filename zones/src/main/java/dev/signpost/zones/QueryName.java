package dev.signpost.zones;

import java.io.IOException;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;

/**
 * A question's name as it arrived: its wire bytes (uncompressed labels, as the client spelled them), and
 * dnsjava's {@link Name} built only when an answer needs it as an owner. The one input of
 * {@link RegistryZone#lookup}, so that a query kept as bytes and one parsed by dnsjava are read by the same
 * parser ({@link NamingScheme#parse(byte[], int, int)}).
 */
public final class QueryName {

  private final byte[] wire;
  private final int start;
  private final int end;
  private Name name;

  private QueryName(byte[] wire, int start, int end, Name name) {
    this.wire = wire;
    this.start = start;
    this.end = end;
    this.name = name;
  }

  /** The name between {@code start} and {@code end} of {@code wire}: labels only, no compression pointers. */
  public static QueryName inWire(byte[] wire, int start, int end) {
    return new QueryName(wire, start, end, null);
  }

  public static QueryName of(Name name) {
    byte[] wire = name.toWire();
    return new QueryName(wire, 0, wire.length, name);
  }

  byte[] wire() {
    return wire;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** The name as dnsjava's; read from the bytes on first use. Not thread-safe: one query, one thread. */
  public Name name() {
    if (name == null) {
      try {
        DNSInput in = new DNSInput(wire);
        in.jump(start);
        name = new Name(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("not a name in wire form", e);
      }
    }
    return name;
  }
}
