package dev.signpost.zones;

import dev.signpost.core.Instance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DNS-SD instance labels (RFC 6763 §4.1: the instance part of a name is one label of any UTF-8): how an
 * instance id becomes a label, and, for one service, which label names which instance. Immutable.
 *
 * <p>An id is its own label when its UTF-8 fits one label (63 bytes). A longer id (ids may have 255
 * characters) gets a derived label: its first whole characters up to {@value #PREFIX_BYTES} bytes,
 * {@code '~'}, and the first {@value #HASH_DIGITS} hex digits of the SHA-256 of the id; stable across
 * restarts, and unique in practice.
 *
 * <p>Ids are case-sensitive but DNS names are not, so {@code Web-1} and {@code web-1} would share one
 * name (and a derived label could, in principle, meet another id). Instances take their labels in id
 * order, every registered instance whatever its health, so a health change never renames one: the first
 * keeps its label, a later one that would share it takes its next derived label ({@code web-1~<hash>}).
 * Such a label lasts while the instance it yielded to stays registered.
 */
final class InstanceLabels {

  /** A derived label: a prefix of the id, this separator, then a short hash of the whole id. */
  static final char HASH_SEPARATOR = '~';
  static final int HASH_DIGITS = 12;
  static final int PREFIX_BYTES = DnsWire.MAX_LABEL - 1 - HASH_DIGITS;

  /**
   * Up to this many instances, when every id is its own label (the usual case), labels are found by
   * looking through the service's instances rather than kept in two maps: a million instances in small
   * services would otherwise hold two maps per service, about 200 bytes each, for names rarely asked.
   */
  static final int SCAN_LIMIT = 16;

  /** The service's instances, sorted by id, when each id is its own label and labels are not mapped. */
  private final List<Instance> ownLabels;
  /** Instance id → its label; null when {@link #ownLabels} is used. */
  private final Map<String, String> labels;
  /** {@link #key} of a label → the instance id holding it; null when {@link #ownLabels} is used. */
  private final Map<String, String> ids;

  private InstanceLabels(List<Instance> ownLabels, Map<String, String> labels, Map<String, String> ids) {
    this.ownLabels = ownLabels;
    this.labels = labels;
    this.ids = ids;
  }

  /**
   * @param instances one service's instances, sorted by id; an immutable list is kept as it is (no copy),
   *     so pass the list the service keeps
   */
  static InstanceLabels of(List<Instance> instances) {
    if (instances.size() <= SCAN_LIMIT && eachIdIsItsLabel(instances)) {
      return new InstanceLabels(List.copyOf(instances), null, null);
    }
    Map<String, String> labels = new HashMap<>();
    Map<String, String> ids = new HashMap<>();
    for (Instance i : instances) {
      String label;
      int attempt = 0;
      do {
        label = labelFor(i.id(), attempt++);
      } while (ids.containsKey(key(label)));
      labels.put(i.id(), label);
      ids.put(key(label), i.id());
    }
    return new InstanceLabels(null, Map.copyOf(labels), Map.copyOf(ids));
  }

  /**
   * The labels of {@code all} (sorted by id), which are these plus {@code added}'s. When the added id's
   * first label is free, nobody's label changes (labels are taken in id order, and no one held that key),
   * so the maps are extended rather than made again, hashing every id of a large service.
   */
  InstanceLabels withAdded(Instance added, List<Instance> all) {
    if (ownLabels != null) {
      return of(all);
    }
    String label = labelFor(added.id(), 0);
    String key = key(label);
    if (ids.containsKey(key)) {
      return of(all);
    }
    Map<String, String> nextLabels = new HashMap<>(labels);
    nextLabels.put(added.id(), label);
    Map<String, String> nextIds = new HashMap<>(ids);
    nextIds.put(key, added.id());
    return new InstanceLabels(null, Collections.unmodifiableMap(nextLabels), Collections.unmodifiableMap(nextIds));
  }

  /** Whether every id fits one label and no two ids share a key: then each id is its label, as {@link #of} gives. */
  private static boolean eachIdIsItsLabel(List<Instance> instances) {
    for (int a = 0; a < instances.size(); a++) {
      String id = instances.get(a).id();
      if (!fitsOneLabel(id)) {
        return false;
      }
      for (int b = 0; b < a; b++) {
        if (sameKey(instances.get(b).id(), id)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The label of an instance of this service; empty for an id the service does not have. */
  Optional<String> label(String id) {
    if (ownLabels == null) {
      return Optional.ofNullable(labels.get(id));
    }
    for (Instance i : ownLabels) {
      if (i.id().equals(id)) {
        return Optional.of(i.id());
      }
    }
    return Optional.empty();
  }

  /** The id of the instance whose label has this {@link #key}, or null. */
  String id(String labelKey) {
    if (ownLabels == null) {
      return ids.get(labelKey);
    }
    for (Instance i : ownLabels) {
      if (sameKey(i.id(), labelKey)) {
        return i.id();
      }
    }
    return null;
  }

  /** Whether two labels have one {@link #key}, without making either key. */
  private static boolean sameKey(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int k = 0; k < a.length(); k++) {
      if (lower(a.charAt(k)) != lower(b.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** An id's label when no other id of its service claims it first: the id itself, or derived when too long. */
  static String labelFor(String id) {
    return labelFor(id, 0);
  }

  /**
   * The label of {@code id} at this attempt: 0 is {@link #labelFor(String)}; each later attempt is another
   * derived label, for an id whose earlier labels another id of its service already holds.
   */
  static String labelFor(String id, int attempt) {
    if (attempt == 0 && fitsOneLabel(id)) {
      return id;
    }
    // '\0' cannot occur in an id (core refuses control characters), so no retry hashes like another id.
    String hashed = attempt <= 1 ? id : id + '\0' + attempt;
    return prefix(id) + HASH_SEPARATOR + HexFormat.of().formatHex(sha256(hashed)).substring(0, HASH_DIGITS);
  }

  /** The key a label is looked up by: ASCII letters lower-cased, as DNS compares names (RFC 4343). */
  static String key(String label) {
    StringBuilder key = null;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (key == null) {
          key = new StringBuilder(label);
        }
        key.setCharAt(i, (char) (c + ('a' - 'A')));
      }
    }
    return key == null ? label : key.toString();
  }

  /** Fits one label as it is: well-formed (no lone surrogate, which has no UTF-8) and at most 63 bytes. */
  private static boolean fitsOneLabel(String id) {
    if (id.length() <= DnsWire.MAX_LABEL && isAscii(id)) {
      return true; // the usual id, checked without an encoder: one byte a character
    }
    return StandardCharsets.UTF_8.newEncoder().canEncode(id)
        && id.getBytes(StandardCharsets.UTF_8).length <= DnsWire.MAX_LABEL;
  }

  private static boolean isAscii(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The id's first whole characters that fit {@link #PREFIX_BYTES} bytes of UTF-8; stops at a lone surrogate. */
  private static String prefix(String id) {
    int bytes = 0;
    int end = 0;
    while (end < id.length()) {
      int cp = id.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      boolean loneSurrogate = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
      if (loneSurrogate || bytes + size > PREFIX_BYTES) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return id.substring(0, end);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
