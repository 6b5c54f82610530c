package dev.signpost.zones;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Small helpers for building dnsjava names from trusted parts. */
final class Names {

  private Names() {}

  /** {@code label.parent}; the label must be a valid, unescaped DNS label. */
  static Name child(Name parent, String label) {
    try {
      return Name.concatenate(Name.fromString(label), parent);
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("cannot build name " + label + "." + parent + ": " + e.getMessage(), e);
    }
  }

  /** An absolute name from a host name as registered ({@code db1.example.com}, dot optional). */
  static Name absolute(String hostName) {
    try {
      return Name.fromString(hostName, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a host name: " + hostName, e);
    }
  }
}
