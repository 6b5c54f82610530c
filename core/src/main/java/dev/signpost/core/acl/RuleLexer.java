package dev.signpost.core.acl;

/**
 * Splits rule text into tokens, each with the line it starts on. One lexer serves both of Consul's forms,
 * HCL ({@code service "web" { policy = "read" }}) and JSON ({@code {"service": {"web": {"policy": "read"}}}}):
 * they share strings, braces and separators, and {@code :} reads as {@code =}. Comments ({@code #},
 * {@code //}, {@code /* *}{@code /}) are skipped; heredocs and interpolation are not part of the rule language.
 */
final class RuleLexer {

  enum Kind { STRING, WORD, OPEN, CLOSE, OPEN_LIST, ASSIGN, COMMA, END }

  /** {@code text} is a string's value, a word's spelling, or the punctuation itself. */
  record Token(Kind kind, String text, int line) {}

  private final String src;
  private int pos;
  private int line = 1;

  RuleLexer(String src) {
    this.src = src;
  }

  Token next() {
    skipSpaceAndComments();
    if (pos >= src.length()) {
      return new Token(Kind.END, "end of the rules", line);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '"':
        return string();
      case '{':
        return punct(Kind.OPEN, "{");
      case '}':
        return punct(Kind.CLOSE, "}");
      case '[':
        return punct(Kind.OPEN_LIST, "[");
      case '=':
        return punct(Kind.ASSIGN, "=");
      case ':':
        return punct(Kind.ASSIGN, ":");
      case ',':
        return punct(Kind.COMMA, ",");
      default:
        if (isWordChar(c)) {
          int start = pos;
          while (pos < src.length() && isWordChar(src.charAt(pos))) {
            pos++;
          }
          return new Token(Kind.WORD, src.substring(start, pos), line);
        }
        throw RuleErrors.at(line, "unexpected character " + describe(c));
    }
  }

  private Token punct(Kind kind, String text) {
    pos++;
    return new Token(kind, text, line);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
        pos++;
      } else if (c == '#' || src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (src.startsWith("/*", pos)) {
        int opened = line;
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw RuleErrors.at(opened, "unterminated comment: /* without */");
        }
        for (int i = pos; i < end; i++) {
          if (src.charAt(i) == '\n') {
            line++;
          }
        }
        pos = end + 2;
      } else {
        return;
      }
    }
  }

  private Token string() {
    int opened = line;
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw RuleErrors.at(opened, "unterminated string: a \" opened here is not closed on the same line");
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return new Token(Kind.STRING, value.toString(), opened);
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      if (pos >= src.length()) {
        throw RuleErrors.at(opened, "unterminated string: it ends in a lone \\");
      }
      char e = src.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> value.append(e);
        case 'n' -> value.append('\n');
        case 't' -> value.append('\t');
        case 'r' -> value.append('\r');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'u' -> value.append(unicodeEscape());
        default -> throw RuleErrors.at(line, "unknown escape \\" + e + " in a string");
      }
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > src.length()) {
      throw RuleErrors.at(line, "\\u needs four hex digits");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(src.charAt(pos++), 16);
      if (digit < 0) {
        throw RuleErrors.at(line, "\\u needs four hex digits");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
  }

  private static String describe(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }
}
