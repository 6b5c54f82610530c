package dev.signpost.admin.filter;

import dev.signpost.admin.filter.Expression.And;
import dev.signpost.admin.filter.Expression.Match;
import dev.signpost.admin.filter.Expression.Not;
import dev.signpost.admin.filter.Expression.Or;
import dev.signpost.admin.filter.Expression.Selector;
import dev.signpost.admin.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * go-bexpr's grammar, by recursive descent over the {@link Lexer}'s tokens:
 * <pre>
 * or       = and { "or" and }
 * and      = not { "and" not }
 * not      = "not" not | "(" or ")" | match
 * match    = selector ( "==" | "!=" | "contains" | "not contains" | "matches" | "not matches" ) value
 *          | selector "is" [ "not" ] "empty"
 *          | value ( "in" | "not" "in" ) selector
 * selector = word { "." word | "." digits | "[" string "]" }      (no whitespace inside)
 * value    = number | string | selector                            (a bare word is its own text)
 * </pre>
 * {@code not} binds tighter than {@code and}, which binds tighter than {@code or}. Keywords are lower case.
 * Bounded: at most {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH} levels of parentheses and
 * {@code not}, so a filter cannot make the server recurse without end.
 */
final class Parser {

  static final int MAX_LENGTH = 4096;
  static final int MAX_DEPTH = 32;

  private final String text;
  private final List<Token> tokens;
  private int next;

  private Parser(String text) {
    this.text = text;
    this.tokens = Lexer.tokens(text);
  }

  /** @throws FilterException naming the position of the first problem */
  static Expression parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new FilterException(text, MAX_LENGTH, "the filter is " + text.length() + " characters long; at most "
          + MAX_LENGTH + " are allowed");
    }
    Parser parser = new Parser(text);
    Expression expression = parser.or(0);
    Token rest = parser.peek();
    if (rest.is(Kind.RPAREN)) {
      throw parser.error(rest, "unmatched \")\"");
    }
    if (!rest.is(Kind.END)) {
      throw parser.error(rest, "expected \"and\", \"or\" or the end of the filter, found " + rest.describe());
    }
    return expression;
  }

  private Expression or(int depth) {
    List<Expression> operands = new ArrayList<>(List.of(and(depth)));
    while (peek().isWord("or")) {
      next++;
      operands.add(and(depth));
    }
    return operands.size() == 1 ? operands.get(0) : new Or(operands);
  }

  private Expression and(int depth) {
    List<Expression> operands = new ArrayList<>(List.of(not(depth)));
    while (peek().isWord("and")) {
      next++;
      operands.add(not(depth));
    }
    return operands.size() == 1 ? operands.get(0) : new And(operands);
  }

  private Expression not(int depth) {
    Token token = peek();
    if (token.isWord("not")) {
      next++;
      Expression operand = not(deeper(depth, token));
      // As go-bexpr: "not not x" is x.
      return operand instanceof Not inner ? inner.operand() : new Not(operand);
    }
    if (token.is(Kind.LPAREN)) {
      next++;
      Expression inside = or(deeper(depth, token));
      Token close = peek();
      if (close.is(Kind.END)) {
        throw error(token, "unmatched \"(\"");
      }
      if (!close.is(Kind.RPAREN)) {
        throw error(close, "expected \")\", \"and\" or \"or\", found " + close.describe());
      }
      next++;
      return inside;
    }
    return match();
  }

  private int deeper(int depth, Token token) {
    if (depth + 1 > MAX_DEPTH) {
      throw error(token, "the filter nests parentheses and \"not\" more than " + MAX_DEPTH + " levels deep");
    }
    return depth + 1;
  }

  private Match match() {
    Token first = peek();
    if (first.is(Kind.NUMBER) || first.is(Kind.STRING)) {
      next++;
      return valueFirst(first.text(), first.offset(), first);
    }
    if (!first.is(Kind.WORD)) {
      throw error(first, "expected a selector or a value, found " + first.describe());
    }
    Selector selector = selector();
    Token op = peek();
    if (op.is(Kind.EQUAL) || op.is(Kind.NOT_EQUAL)) {
      next++;
      return withValue(selector, op.is(Kind.EQUAL) ? MatchOperator.EQUAL : MatchOperator.NOT_EQUAL, op);
    }
    if (op.isWord("contains") || op.isWord("matches")) {
      next++;
      return withValue(selector, op.isWord("contains") ? MatchOperator.IN : MatchOperator.MATCHES, op);
    }
    if (op.isWord("is")) {
      next++;
      boolean negated = peek().isWord("not");
      next += negated ? 1 : 0;
      Token empty = peek();
      if (!empty.isWord("empty")) {
        throw error(empty, "expected \"empty\" after \"" + (negated ? "is not" : "is") + "\", found "
            + empty.describe());
      }
      next++;
      return new Match(selector, negated ? MatchOperator.IS_NOT_EMPTY : MatchOperator.IS_EMPTY, null, -1);
    }
    if (op.isWord("not")) {
      Token after = tokens.get(Math.min(next + 1, tokens.size() - 1));
      if (after.isWord("contains") || after.isWord("matches")) {
        next += 2;
        return withValue(selector, after.isWord("contains") ? MatchOperator.NOT_IN : MatchOperator.NOT_MATCHES,
            after);
      }
      if (!after.isWord("in")) {
        throw error(after, "expected \"in\", \"contains\" or \"matches\" after \"not\", found " + after.describe());
      }
    }
    if (op.isWord("in") || op.isWord("not")) {
      // The word was a value: "primary in Service.Tags" (go-bexpr keeps a bare value's text).
      return valueFirst(selector.toString(), selector.offset(), first);
    }
    throw error(op, "expected an operator (==, !=, contains, in, matches, is empty...) after selector \""
        + selector + "\", found " + op.describe());
  }

  /** {@code value in selector} or {@code value not in selector}, the value already read. */
  private Match valueFirst(String value, int valueOffset, Token valueToken) {
    Token op = peek();
    MatchOperator operator;
    if (op.isWord("in")) {
      next++;
      operator = MatchOperator.IN;
    } else if (op.isWord("not") && tokens.get(next + 1).isWord("in")) {
      next += 2;
      operator = MatchOperator.NOT_IN;
    } else {
      throw error(op, "expected \"in\" or \"not in\" after the value " + describeValue(valueToken, value)
          + ", found " + op.describe());
    }
    Token start = peek();
    if (!start.is(Kind.WORD)) {
      throw error(start, "expected a selector after \"" + operator.spelling() + "\", found " + start.describe());
    }
    return new Match(selector(), operator, value, valueOffset);
  }

  private Match withValue(Selector selector, MatchOperator operator, Token op) {
    Token value = peek();
    if (value.is(Kind.NUMBER) || value.is(Kind.STRING)) {
      next++;
      return new Match(selector, operator, value.text(), value.offset());
    }
    if (value.is(Kind.WORD)) {
      Selector word = selector();
      return new Match(selector, operator, word.toString(), word.offset());
    }
    String spelling = op.is(Kind.EQUAL) || op.is(Kind.NOT_EQUAL) ? operator.spelling()
        : (operator.negated() ? "not " : "") + op.text();
    throw error(value, "expected a value after \"" + spelling + "\", found " + value.describe());
  }

  /** A selector, its first word at {@code next}. */
  private Selector selector() {
    Token first = tokens.get(next++);
    List<String> path = new ArrayList<>(List.of(first.text()));
    while (!peek().spaced()) {
      Token token = peek();
      if (token.is(Kind.DOT)) {
        next++;
        Token name = peek();
        if (name.spaced() || !(name.is(Kind.WORD) || name.is(Kind.INDEX))) {
          throw error(name, "expected a name after \".\" in a selector, found " + name.describe());
        }
        next++;
        path.add(name.text());
      } else if (token.is(Kind.LBRACKET)) {
        next++;
        Token key = peek();
        if (!key.is(Kind.STRING)) {
          throw error(key, "expected a quoted map key after \"[\", found " + key.describe());
        }
        next++;
        Token close = peek();
        if (!close.is(Kind.RBRACKET)) {
          throw error(close, "expected \"]\" after the map key, found " + close.describe());
        }
        next++;
        path.add(key.text());
      } else {
        break;
      }
    }
    return new Selector(path, first.offset());
  }

  private Token peek() {
    return tokens.get(next);
  }

  private static String describeValue(Token token, String value) {
    return token.is(Kind.STRING) ? "\"" + value + "\"" : value;
  }

  private FilterException error(Token token, String problem) {
    return new FilterException(text, token.offset(), problem);
  }
}
