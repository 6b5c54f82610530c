package dev.signpost.admin.filter;

import java.util.OptionalLong;

/**
 * go-bexpr coerces a literal to its field's type with Go's {@code strconv}: {@code ParseInt(s, 0, 64)} for
 * numbers (so {@code 0x50}, {@code 0o17}, {@code 017}, {@code 0b101} and {@code 1_000} are numbers too) and
 * {@code ParseBool} for booleans. A literal that does not parse is the client's error.
 */
final class GoValues {

  private GoValues() {}

  /** Go's {@code strconv.ParseBool}: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
  static Boolean parseBool(String text) {
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** Go's {@code strconv.ParseInt(text, 0, 64)}; empty when it is not a 64-bit integer. */
  static OptionalLong parseInt(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    int radix = 10;
    String digits = s;
    if (s.length() > 1 && s.charAt(0) == '0') {
      char prefix = Character.toLowerCase(s.charAt(1));
      radix = switch (prefix) {
        case 'x' -> 16;
        case 'o' -> 8;
        case 'b' -> 2;
        default -> 8; // a leading 0 alone means octal, as in Go
      };
      digits = prefix == 'x' || prefix == 'o' || prefix == 'b' ? s.substring(2) : s.substring(1);
      if (!underscoresBetweenDigits("0" + digits)) {
        return OptionalLong.empty();
      }
    } else if (!underscoresBetweenDigits(s)) {
      return OptionalLong.empty();
    }
    digits = digits.replace("_", "");
    if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong((negative ? "-" : "") + digits, radix));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Go allows '_' only between digits or between a base prefix and a digit. */
  private static boolean underscoresBetweenDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '_' && (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '_'
          || s.charAt(i + 1) == '_')) {
        return false;
      }
    }
    return true;
  }
}
