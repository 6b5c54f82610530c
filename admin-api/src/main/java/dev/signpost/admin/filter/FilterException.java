package dev.signpost.admin.filter;

/**
 * A filter the server refuses: malformed, too big, naming a selector the endpoint does not have, or a value
 * that does not fit its field. The message starts with the 1-based {@code line:column} of the problem in the
 * filter's text, as go-bexpr's do, so a client can point at it.
 */
public final class FilterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FilterException(String text, int offset, String problem) {
    super(position(text, offset) + ": " + problem, null, false, false); // an expected outcome: no stack trace
  }

  /** {@code line:column} of the character at {@code offset}, counting code points as go-bexpr counts runes. */
  static String position(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    int end = Math.min(offset, text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return line + ":" + (text.codePointCount(lineStart, end) + 1);
  }
}
