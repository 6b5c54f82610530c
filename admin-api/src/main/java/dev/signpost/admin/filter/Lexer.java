package dev.signpost.admin.filter;

import dev.signpost.admin.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter into {@link Token}s by go-bexpr's lexical rules: whitespace is space, tab, CR and LF;
 * words are {@code [a-zA-Z][a-zA-Z0-9_/]*}; a number must end at whitespace, {@code )} or the end
 * ({@code 80abc} is an error, not {@code 80} then {@code abc}); strings are Go's double-quoted (with its
 * escapes, see {@link GoStrings}) or backtick raw strings. Errors name the offending character's position.
 */
final class Lexer {

  private static final String QUOTE_HINT = "unexpected character '-' (a value with '-' in it must be quoted)";

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  /** The tokens of {@code text}, ending with one {@link Kind#END}. */
  static List<Token> tokens(String text) {
    return new Lexer(text).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      int before = pos;
      skipWhitespace();
      boolean spaced = pos > before;
      if (pos == text.length()) {
        tokens.add(new Token(Kind.END, "", pos, spaced));
        return tokens;
      }
      boolean afterDot = !tokens.isEmpty() && tokens.get(tokens.size() - 1).is(Kind.DOT) && !spaced;
      tokens.add(next(spaced, afterDot));
    }
  }

  private Token next(boolean spaced, boolean afterDot) {
    int start = pos;
    char c = text.charAt(pos);
    if (isLetter(c)) {
      pos++;
      while (pos < text.length() && isWordPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.WORD, text.substring(start, pos), start, spaced);
    }
    if (afterDot && isDigit(c)) {
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.INDEX, text.substring(start, pos), start, spaced);
    }
    if (c == '-' && !spaced && start > 0 && isWordPart(text.charAt(start - 1))) {
      throw new FilterException(text, start, QUOTE_HINT); // web-1: a bare word ends at the '-'
    }
    if (isDigit(c) || c == '-') {
      return number(spaced);
    }
    switch (c) {
      case '"':
        return quoted(spaced);
      case '`':
        return raw(spaced);
      case '(':
        return punctuation(Kind.LPAREN, 1, spaced);
      case ')':
        return punctuation(Kind.RPAREN, 1, spaced);
      case '[':
        return punctuation(Kind.LBRACKET, 1, spaced);
      case ']':
        return punctuation(Kind.RBRACKET, 1, spaced);
      case '.':
        return punctuation(Kind.DOT, 1, spaced);
      case '=':
        return twoChars(Kind.EQUAL, "==", spaced);
      case '!':
        return twoChars(Kind.NOT_EQUAL, "!=", spaced);
      default:
        throw new FilterException(text, pos, "unexpected character " + quoteChar(text.codePointAt(pos)));
    }
  }

  private Token number(boolean spaced) {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (pos == text.length() || !isDigit(text.charAt(pos))) {
      throw new FilterException(text, start, QUOTE_HINT);
    }
    if (text.charAt(pos) == '0') {
      pos++;
    } else {
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && !isWhitespace(text.charAt(pos)) && text.charAt(pos) != ')') {
      throw new FilterException(text, start, "invalid number literal \"" + wordAt(start) + "\"");
    }
    return new Token(Kind.NUMBER, text.substring(start, pos), start, spaced);
  }

  private Token quoted(boolean spaced) {
    int start = pos;
    StringBuilder content = new StringBuilder();
    pos++;
    while (pos < text.length() && text.charAt(pos) != '"') {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        content.append(c);
        pos++;
        c = text.charAt(pos);
      } else if (c == '\n') {
        throw new FilterException(text, pos, "a double-quoted string cannot span lines; use a `raw string`");
      }
      content.append(c);
      pos++;
    }
    if (pos == text.length()) {
      throw new FilterException(text, start, "unterminated string literal");
    }
    pos++;
    return new Token(Kind.STRING, GoStrings.unquote(content.toString(), text, start + 1), start, spaced);
  }

  private Token raw(boolean spaced) {
    int start = pos;
    int end = text.indexOf('`', pos + 1);
    if (end < 0) {
      throw new FilterException(text, start, "unterminated string literal");
    }
    pos = end + 1;
    // Go drops carriage returns from raw strings.
    return new Token(Kind.STRING, text.substring(start + 1, end).replace("\r", ""), start, spaced);
  }

  private Token punctuation(Kind kind, int length, boolean spaced) {
    Token token = new Token(kind, "", pos, spaced);
    pos += length;
    return token;
  }

  private Token twoChars(Kind kind, String spelling, boolean spaced) {
    if (!text.startsWith(spelling, pos)) {
      throw new FilterException(text, pos, "unexpected character '" + text.charAt(pos) + "' (did you mean \""
          + spelling + "\"?)");
    }
    return punctuation(kind, 2, spaced);
  }

  private void skipWhitespace() {
    while (pos < text.length() && isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  /** The run of non-space characters at {@code start}, to quote a bad literal. */
  private String wordAt(int start) {
    int end = start;
    while (end < text.length() && !isWhitespace(text.charAt(end)) && text.charAt(end) != ')') {
      end++;
    }
    return text.substring(start, end);
  }

  private static String quoteChar(int codePoint) {
    return codePoint < 0x20 || codePoint == 0x7f ? String.format("U+%04X", codePoint)
        : "'" + new String(Character.toChars(codePoint)) + "'";
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordPart(char c) {
    return isLetter(c) || isDigit(c) || c == '_' || c == '/';
  }
}
