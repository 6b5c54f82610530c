package dev.signpost.core.acl;

import dev.signpost.core.acl.RuleLexer.Kind;
import dev.signpost.core.acl.RuleLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rule text into a syntax tree that knows nothing of ACLs: a body is a list of items, an item is one or
 * more keys and a value, a value is a string, a nested body, or some other literal. HCL's
 * {@code service "web" { policy = "read" }} becomes the item {@code [service, web] -> {policy -> "read"}};
 * JSON's {@code {"service": {"web": {"policy": "read"}}}} becomes {@code [service] -> {[web] -> {...}}}, and
 * {@link RulesDecoder} treats the two alike. A text that starts with {@code {} is one JSON object; otherwise
 * it is a sequence of HCL items. Commas between items are optional in both.
 */
final class RuleParser {

  /** Deeper than the rule language ever nests (resource, segment, body); stops runaway recursion. */
  static final int MAX_DEPTH = 8;

  sealed interface Value permits Text, Body, Literal {
    int line();
  }

  /** A quoted string. */
  record Text(String value, int line) implements Value {}

  /** A braced body; {@code line} is where it opens. */
  record Body(List<Item> items, int line) implements Value {}

  /** A bare word (a number, {@code true}, an identifier) or a list: never valid as a rule value. */
  record Literal(String spelling, int line) implements Value {}

  record Key(String name, int line) {}

  record Item(List<Key> keys, Value value) {
    Key first() {
      return keys.get(0);
    }
  }

  private final RuleLexer lexer;
  private Token token;

  private RuleParser(String src) {
    this.lexer = new RuleLexer(src);
    this.token = lexer.next();
  }

  /** The whole text as one body. */
  static Body parse(String src) {
    RuleParser parser = new RuleParser(src);
    Body top;
    if (parser.token.kind() == Kind.OPEN) {
      top = parser.body(1);
    } else {
      top = new Body(parser.items(0), 1);
    }
    if (parser.token.kind() == Kind.CLOSE) {
      throw RuleErrors.at(parser.token.line(), "unexpected }: no block is open here");
    }
    if (parser.token.kind() != Kind.END) {
      throw RuleErrors.at(parser.token.line(), "unexpected " + describe(parser.token) + " after the rules");
    }
    return top;
  }

  private Body body(int depth) {
    Token open = token;
    if (depth > MAX_DEPTH) {
      throw RuleErrors.at(open.line(), "blocks nested deeper than " + MAX_DEPTH);
    }
    advance();
    List<Item> items = items(depth);
    if (token.kind() != Kind.CLOSE) {
      if (token.kind() == Kind.END) {
        throw RuleErrors.at(open.line(), "missing }: the { opened on this line is never closed");
      }
      throw RuleErrors.at(token.line(), "expected } or another rule, found " + describe(token));
    }
    advance();
    return new Body(items, open.line());
  }

  private List<Item> items(int depth) {
    List<Item> items = new ArrayList<>();
    while (token.kind() == Kind.WORD || token.kind() == Kind.STRING) {
      items.add(item(depth));
      if (token.kind() == Kind.COMMA) {
        advance();
      }
    }
    return items;
  }

  private Item item(int depth) {
    List<Key> keys = new ArrayList<>();
    while (token.kind() == Kind.WORD || token.kind() == Kind.STRING) {
      keys.add(new Key(token.text(), token.line()));
      advance();
    }
    Value value;
    if (token.kind() == Kind.ASSIGN) {
      advance();
      value = value(depth);
    } else if (token.kind() == Kind.OPEN) {
      value = body(depth + 1);
    } else {
      throw RuleErrors.at(token.line(), "expected = or { after " + quoted(keys) + ", found " + describe(token));
    }
    return new Item(List.copyOf(keys), value);
  }

  private Value value(int depth) {
    Token t = token;
    switch (t.kind()) {
      case STRING:
        advance();
        return new Text(t.text(), t.line());
      case OPEN:
        return body(depth + 1);
      case WORD:
        advance();
        return new Literal(t.text(), t.line());
      case OPEN_LIST:
        throw RuleErrors.at(t.line(), "lists are not part of the rule language; use a block { ... }");
      default:
        throw RuleErrors.at(t.line(), "expected a value, found " + describe(t));
    }
  }

  private void advance() {
    token = lexer.next();
  }

  private static String quoted(List<Key> keys) {
    StringBuilder s = new StringBuilder();
    for (Key k : keys) {
      s.append(s.length() == 0 ? "" : " ").append('"').append(k.name()).append('"');
    }
    return s.toString();
  }

  private static String describe(Token t) {
    return switch (t.kind()) {
      case STRING -> "the string \"" + t.text() + "\"";
      case WORD -> "'" + t.text() + "'";
      case END -> "the end of the rules";
      default -> "'" + t.text() + "'";
    };
  }
}
