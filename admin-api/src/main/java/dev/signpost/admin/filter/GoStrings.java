package dev.signpost.admin.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the inside of a Go double-quoted string literal as {@code strconv.Unquote} does (go-bexpr unquotes
 * its strings with it): {@code \a \b \f \n \r \t \v \\ \"}, {@code \xhh} and {@code \ooo} bytes,
 * {@code \}{@code uhhhh} and {@code \Uhhhhhhhh} code points. Go strings are bytes, so {@code \xc3\xa9} is
 * "é"; a byte sequence that is not UTF-8 decodes to U+FFFD and so matches no field.
 */
final class GoStrings {

  private GoStrings() {}

  /**
   * @param content the characters between the quotes
   * @param text the whole filter, and {@code base} the offset of {@code content} in it, for error positions
   */
  static String unquote(String content, String text, int base) {
    if (content.indexOf('\\') < 0) {
      return content;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length());
    int i = 0;
    while (i < content.length()) {
      int c = content.codePointAt(i);
      if (c != '\\') {
        appendUtf8(bytes, c);
        i += Character.charCount(c);
        continue;
      }
      int escape = i;
      if (i + 1 >= content.length()) {
        throw invalid(text, base + escape);
      }
      char kind = content.charAt(i + 1);
      i += 2;
      switch (kind) {
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'n' -> bytes.write('\n');
        case 'r' -> bytes.write('\r');
        case 't' -> bytes.write('\t');
        case 'v' -> bytes.write(11);
        case '\\' -> bytes.write('\\');
        case '"' -> bytes.write('"');
        case 'x' -> {
          bytes.write(digits(content, i, 2, 16, text, base + escape));
          i += 2;
        }
        case 'u', 'U' -> {
          int length = kind == 'u' ? 4 : 8;
          int codePoint = digits(content, i, length, 16, text, base + escape);
          if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw invalid(text, base + escape);
          }
          appendUtf8(bytes, codePoint);
          i += length;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int value = digits(content, i - 1, 3, 8, text, base + escape);
          if (value > 255) {
            throw invalid(text, base + escape);
          }
          bytes.write(value);
          i += 2;
        }
        default -> throw invalid(text, base + escape);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int digits(String content, int from, int count, int radix, String text, int escape) {
    if (from + count > content.length()) {
      throw invalid(text, escape);
    }
    int value = 0;
    for (int j = from; j < from + count; j++) {
      int digit = Character.digit(content.charAt(j), radix);
      if (digit < 0) {
        throw invalid(text, escape);
      }
      value = value * radix + digit;
    }
    return value;
  }

  private static void appendUtf8(ByteArrayOutputStream bytes, int codePoint) {
    bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
  }

  private static FilterException invalid(String text, int offset) {
    return new FilterException(text, offset, "invalid escape sequence in string literal");
  }
}
