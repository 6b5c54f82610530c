package dev.signpost.core.acl;

import dev.signpost.core.acl.RuleParser.Body;
import dev.signpost.core.acl.RuleParser.Item;
import dev.signpost.core.acl.RuleParser.Key;
import dev.signpost.core.acl.RuleParser.Text;
import dev.signpost.core.acl.RuleParser.Value;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives a syntax tree its meaning as ACL rules. HCL's {@code service "web" { ... }} and JSON's
 * {@code "service": {"web": { ... }}} arrive as differently nested items and decode alike. Stricter than
 * Consul's decoder in one way: an unknown resource or field is an error here (Consul ignores it, so a
 * misspelt {@code servce} silently grants nothing); like Consul since 1.20, a value set twice in one body is
 * an error too, because quietly keeping one of the two could grant more than meant.
 */
final class RulesDecoder {

  private static final String RESOURCES = "acl, agent, agent_prefix, event, event_prefix, identity, "
      + "identity_prefix, key, key_prefix, keyring, mesh, node, node_prefix, operator, peering, query, "
      + "query_prefix, service, service_prefix, session, session_prefix";

  private final AclRules.Builder rules = new AclRules.Builder();
  private final Map<Resource, Integer> singlesSeen = new EnumMap<>(Resource.class);

  private RulesDecoder() {}

  static AclRules decode(Body top) {
    RulesDecoder d = new RulesDecoder();
    for (Item item : top.items()) {
      Key k = item.first();
      Resource r = Resource.named(k.name()).orElseThrow(() -> RuleErrors.at(k.line(),
          "unknown resource " + quote(k.name()) + "; the rule language has " + RESOURCES));
      if (r.shape == Resource.Shape.SINGLE) {
        d.single(r, item);
      } else {
        d.segments(r, item.keys().subList(1, item.keys().size()), item.value());
      }
    }
    return d.rules.build();
  }

  private void single(Resource r, Item item) {
    if (item.keys().size() > 1) {
      throw RuleErrors.at(item.keys().get(1).line(), r.ruleName() + " takes no name: write "
          + r.ruleName() + " = \"read\"");
    }
    int line = item.first().line();
    Integer first = singlesSeen.putIfAbsent(r, line);
    if (first != null) {
      throw RuleErrors.at(line, r.ruleName() + " is set twice (first on line " + first + ")");
    }
    String text = text(item.value(), r.ruleName());
    if (text.isEmpty()) {
      return; // Consul reads an empty value as no rule
    }
    Access a = access(r, text, item.value().line(), r.ruleName());
    if (r == Resource.ACL) {
      rules.acl = a;
    } else if (r == Resource.OPERATOR) {
      rules.operator = a;
    }
  }

  /** {@code keys} are the names still to read: one for HCL's labelled block, none for JSON's nesting. */
  private void segments(Resource r, List<Key> keys, Value value) {
    if (keys.isEmpty()) {
      if (!(value instanceof Body body)) {
        throw RuleErrors.at(value.line(), r.ruleName() + " needs a name and a block: "
            + r.ruleName() + " \"<name>\" { policy = \"read\" }");
      }
      for (Item inner : body.items()) {
        segments(r, inner.keys(), inner.value());
      }
      return;
    }
    if (keys.size() > 1) {
      throw RuleErrors.at(keys.get(1).line(), r.ruleName() + " takes one name, found a second: "
          + quote(keys.get(1).name()));
    }
    String segment = keys.get(0).name();
    String rule = r.ruleName() + " " + quote(segment);
    if (!(value instanceof Body body)) {
      throw RuleErrors.at(value.line(), rule + " must be a block: " + rule + " { policy = \"read\" }");
    }
    block(r, segment, rule, body);
  }

  private void block(Resource r, String segment, String rule, Body body) {
    Map<String, Integer> seen = new HashMap<>();
    Access policy = null;
    for (Item item : body.items()) {
      Key k = item.first();
      String field = k.name().toLowerCase(Locale.ROOT);
      boolean known = field.equals("policy") || field.equals("intentions") && r.allowsIntentions();
      if (item.keys().size() > 1 || !known) {
        throw RuleErrors.at(k.line(), "unknown field " + quote(k.name()) + " in " + rule + "; it takes policy"
            + (r.allowsIntentions() ? " and intentions" : ""));
      }
      Integer first = seen.putIfAbsent(field, k.line());
      if (first != null) {
        throw RuleErrors.at(k.line(), field + " is set twice in " + rule + " (first on line " + first + ")");
      }
      String text = text(item.value(), field + " in " + rule);
      if (field.equals("policy")) {
        policy = access(r, text, item.value().line(), r.ruleName());
      } else if (!text.isEmpty()) {
        // Checked as Consul checks it (deny, read or write), then unused: Signpost has no intentions.
        access(Resource.SERVICE, text, item.value().line(), r.ruleName() + " intentions");
      }
    }
    if (policy == null) {
      throw RuleErrors.at(body.line(), rule + " has no policy: add policy = \"read\", \"write\" or \"deny\"");
    }
    if (r.served) {
      table(r).add(r.shape == Resource.Shape.PREFIX, segment, policy);
    }
  }

  private RuleTable.Builder table(Resource r) {
    return switch (r) {
      case SERVICE, SERVICE_PREFIX -> rules.services;
      case NODE, NODE_PREFIX -> rules.nodes;
      case AGENT, AGENT_PREFIX -> rules.agents;
      case KEY, KEY_PREFIX -> rules.keys;
      default -> throw new IllegalStateException(r + " is not a served family");
    };
  }

  private static String text(Value value, String what) {
    if (value instanceof Text t) {
      return t.value();
    }
    String found = value instanceof RuleParser.Literal l ? "'" + l.spelling() + "'" : "a block";
    throw RuleErrors.at(value.line(), what + " must be a quoted string, found " + found);
  }

  private static Access access(Resource r, String text, int line, String what) {
    Access a = Access.named(text).orElse(null);
    if (a == null || a == Access.LIST && !r.allowsList()) {
      String allowed = r.allowsList() ? "deny, read, list or write" : "deny, read or write";
      String hint = a == Access.LIST ? " (list is only for key and key_prefix)" : "";
      throw RuleErrors.at(line, "invalid " + what + " policy " + quote(text) + ": use " + allowed + hint);
    }
    return a;
  }

  /** {@code s} as a rule-language string literal. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
