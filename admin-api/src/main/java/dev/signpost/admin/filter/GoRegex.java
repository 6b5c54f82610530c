package dev.signpost.admin.filter;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a {@code matches} pattern written for Go's {@code regexp} (RE2 syntax) with java.util.regex.
 * The two agree on most syntax; this closes the gaps a Consul client could hit: Go's {@code (?P<name>...)}
 * groups and {@code [[:alpha:]]} classes are rewritten, {@code [} and {@code &} inside a class are literal
 * (Java would nest or intersect), and what RE2 refuses is refused here too (backreferences, lookaround,
 * atomic groups, possessive quantifiers, and Java's own meaning of the {@code U} flag), so a filter means
 * the same thing on both servers. Matching is unanchored, as Go's {@code MatchString}.
 */
final class GoRegex {

  private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alnum", "Alnum"),
      Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"), Map.entry("blank", "Blank"),
      Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"), Map.entry("graph", "Graph"),
      Map.entry("lower", "Lower"), Map.entry("print", "Print"), Map.entry("punct", "Punct"),
      Map.entry("space", "Space"), Map.entry("upper", "Upper"), Map.entry("word", "w"),
      Map.entry("xdigit", "XDigit"));

  private GoRegex() {}

  /** @throws IllegalArgumentException saying what is wrong with the pattern */
  static Pattern compile(String pattern) {
    String java = translate(pattern);
    try {
      return Pattern.compile(java);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex());
    }
  }

  private static String translate(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    boolean inClass = false;
    int classStart = -1; // where a class's members start: a ']' there is a member, not the end
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 >= pattern.length()) {
          throw new IllegalArgumentException("trailing backslash at end of expression");
        }
        char escaped = pattern.charAt(i + 1);
        if (escaped >= '1' && escaped <= '9' || escaped == 'k') {
          throw new IllegalArgumentException("backreferences (\\" + escaped + ") are not supported");
        }
        out.append(c).append(escaped);
        i += 2;
      } else if (inClass) {
        if (c == '[' && pattern.startsWith("[:", i)) {
          int end = pattern.indexOf(":]", i + 2);
          String name = end < 0 ? null : pattern.substring(i + 2, end);
          boolean negated = name != null && name.startsWith("^");
          String java = name == null ? null : POSIX.get(negated ? name.substring(1) : name);
          if (java == null) {
            throw new IllegalArgumentException("invalid character class range " + pattern.substring(i));
          }
          out.append(java.equals("w") ? (negated ? "\\W" : "\\w") : (negated ? "\\P{" : "\\p{") + java + "}");
          i = end + 2;
          continue;
        }
        if (c == '^' && i == classStart) {
          classStart++;
        } else if (c == ']' && i != classStart) {
          inClass = false;
        } else if (c == '[' || c == '&' || c == ']') {
          out.append('\\');
        }
        out.append(c);
        i++;
      } else {
        if (c == '[') {
          inClass = true;
          classStart = i + 1;
        } else if (c == '(' && pattern.startsWith("(?", i)) {
          i = group(pattern, i, out);
          continue;
        } else if (c == '+' && i > 0 && isQuantifierEnd(pattern, i - 1)) {
          throw new IllegalArgumentException("invalid nested repetition operator: " + pattern.substring(i - 1, i + 1));
        }
        out.append(c);
        i++;
      }
    }
    if (inClass) {
      throw new IllegalArgumentException("missing closing ]");
    }
    return out.toString();
  }

  /** A {@code (?...)} at {@code i}: named groups and flags pass, Java-only forms are refused. */
  private static int group(String pattern, int i, StringBuilder out) {
    if (pattern.startsWith("(?P<", i)) {
      out.append("(?<");
      return i + 4;
    }
    if (pattern.startsWith("(?<", i) && !pattern.startsWith("(?<=", i) && !pattern.startsWith("(?<!", i)) {
      out.append("(?<"); // (?<name>...), which Go accepts since 1.22, as Java does
      return i + 3;
    }
    if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i) || pattern.startsWith("(?<", i)) {
      throw new IllegalArgumentException("lookaround assertions are not supported");
    }
    if (pattern.startsWith("(?>", i)) {
      throw new IllegalArgumentException("atomic groups are not supported");
    }
    int j = i + 2;
    while (j < pattern.length() && "imsU-".indexOf(pattern.charAt(j)) >= 0) {
      if (pattern.charAt(j) == 'U') {
        // Go's U is "ungreedy"; Java's is "Unicode classes": the same letter means another thing.
        throw new IllegalArgumentException("the U flag is not supported");
      }
      j++;
    }
    if (j >= pattern.length() || (pattern.charAt(j) != ')' && pattern.charAt(j) != ':')) {
      throw new IllegalArgumentException("invalid or unsupported Perl syntax: " + pattern.substring(i,
          Math.min(pattern.length(), j + 1)));
    }
    out.append(pattern, i, j + 1);
    return j + 1;
  }

  private static boolean escapedAt(String pattern, int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 0 && pattern.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Whether a quantifier ends at {@code i} (so a {@code +} after it would be Java's possessive form). */
  private static boolean isQuantifierEnd(String pattern, int i) {
    char c = pattern.charAt(i);
    boolean repetition = c == '*' || c == '+' || c == '?'
        || c == '}' && i > 0 && (Character.isDigit(pattern.charAt(i - 1)) || pattern.charAt(i - 1) == ',');
    return repetition && !escapedAt(pattern, i);
  }
}
