package dev.signpost.core;

/**
 * Text the registry stores must be valid Unicode: JSON lets a client send a lone surrogate
 * ({@code "\ud800"}), which Java keeps in a {@code String} but no encoder can write: it was stored and
 * served as {@code ?}. Such text is refused with a message naming the field.
 */
public final class Unicode {

  private Unicode() {}

  /**
   * @throws IllegalArgumentException naming {@code field} when {@code value} holds a surrogate that is not
   *     half of a pair
   */
  public static void requireWellFormed(String field, String value) {
    int bad = firstLoneSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(field + " is not valid Unicode: a lone surrogate (\\u"
          + Integer.toHexString(value.charAt(bad)).toUpperCase(java.util.Locale.ROOT) + ") at character " + bad);
    }
  }

  /** Whether {@code value} holds no unpaired surrogate. */
  public static boolean isWellFormed(String value) {
    return firstLoneSurrogate(value) < 0;
  }

  /** The index of the first unpaired surrogate, or -1. A loop: it runs for every instance at start-up. */
  static int firstLoneSurrogate(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isHighSurrogate(c)) {
        if (k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
          k++;
        } else {
          return k;
        }
      } else if (Character.isLowSurrogate(c)) {
        return k;
      }
    }
    return -1;
  }
}
