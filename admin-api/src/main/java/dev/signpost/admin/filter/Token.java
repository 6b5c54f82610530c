package dev.signpost.admin.filter;

/**
 * One token of a filter.
 *
 * @param text a word's or number's spelling, a string's decoded value; empty for punctuation and the end
 * @param offset where it starts in the filter, for error positions
 * @param spaced whether whitespace comes right before it: selectors never contain any ({@code Meta .x} is
 *     not {@code Meta.x})
 */
record Token(Kind kind, String text, int offset, boolean spaced) {

  enum Kind {
    /** {@code [a-zA-Z][a-zA-Z0-9_/]*}: a selector's name, a keyword ({@code and}, {@code in}...) or a bare value. */
    WORD,
    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?}, ending at whitespace, {@code )} or the end. */
    NUMBER,
    /** Digits right after a selector's {@code .} ({@code Tags.0}). */
    INDEX,
    /** A double-quoted or backtick string, already decoded. */
    STRING,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    DOT,
    EQUAL,
    NOT_EQUAL,
    END
  }

  boolean is(Kind expected) {
    return kind == expected;
  }

  /** Whether this is the keyword {@code word}; keywords are lower case, as in go-bexpr. */
  boolean isWord(String word) {
    return kind == Kind.WORD && text.equals(word);
  }

  /** How an error message names it. */
  String describe() {
    return switch (kind) {
      case END -> "the end of the filter";
      case STRING -> "a string";
      case WORD, NUMBER, INDEX -> "\"" + text + "\"";
      case LPAREN -> "\"(\"";
      case RPAREN -> "\")\"";
      case LBRACKET -> "\"[\"";
      case RBRACKET -> "\"]\"";
      case DOT -> "\".\"";
      case EQUAL -> "\"==\"";
      case NOT_EQUAL -> "\"!=\"";
    };
  }
}
