package dev.signpost.admin.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.admin.filter.Expression.And;
import dev.signpost.admin.filter.Expression.Match;
import dev.signpost.admin.filter.Expression.Not;
import dev.signpost.admin.filter.Expression.Or;
import dev.signpost.admin.filter.Expression.Selector;
import dev.signpost.admin.filter.FieldType.ListOf;
import dev.signpost.admin.filter.FieldType.MapOf;
import dev.signpost.admin.filter.FieldType.Scalar;
import dev.signpost.admin.filter.FieldType.ScalarKind;
import dev.signpost.admin.filter.FieldType.Struct;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Binds a parsed filter to an endpoint's {@link FieldType}, as go-bexpr validates against its field
 * configuration before evaluating: every selector must name a field (or a map key under a map), each
 * operator must suit its field, and each literal is coerced to its field's type once, here. What passes
 * cannot fail later, except a runaway regular expression ({@link MatchBudget}).
 *
 * <p>A selector passes through a list of objects into each element ({@code Checks.Status}): the match holds
 * when it holds for any element, as in go-bexpr, so {@code Checks.Status != "passing"} means "some check is
 * not passing".
 */
final class Compiler {

  private static final Set<MatchOperator> ALL = EnumSet.allOf(MatchOperator.class);
  private static final Set<MatchOperator> EQUALITY = EnumSet.of(MatchOperator.EQUAL, MatchOperator.NOT_EQUAL);
  private static final Set<MatchOperator> EMPTINESS = EnumSet.of(MatchOperator.IS_EMPTY, MatchOperator.IS_NOT_EMPTY);
  private static final Set<MatchOperator> MEMBERSHIP = EnumSet.of(MatchOperator.IN, MatchOperator.NOT_IN,
      MatchOperator.IS_EMPTY, MatchOperator.IS_NOT_EMPTY);

  private final String text;

  private Compiler(String text) {
    this.text = text;
  }

  /** @throws FilterException naming the selector or value that does not fit, and where it is */
  static Condition compile(Expression expression, FieldType root, String text) {
    return new Compiler(text).bind(expression, root);
  }

  private Condition bind(Expression expression, FieldType root) {
    if (expression instanceof And and) {
      List<Condition> all = bindAll(and.operands(), root);
      return (item, budget) -> {
        for (Condition c : all) {
          if (!c.test(item, budget)) {
            return false;
          }
        }
        return true;
      };
    }
    if (expression instanceof Or or) {
      List<Condition> any = bindAll(or.operands(), root);
      return (item, budget) -> {
        for (Condition c : any) {
          if (c.test(item, budget)) {
            return true;
          }
        }
        return false;
      };
    }
    if (expression instanceof Not not) {
      Condition operand = bind(not.operand(), root);
      return (item, budget) -> !operand.test(item, budget);
    }
    return match((Match) expression, root);
  }

  private List<Condition> bindAll(List<Expression> expressions, FieldType root) {
    List<Condition> out = new ArrayList<>(expressions.size());
    for (Expression e : expressions) {
      out.add(bind(e, root));
    }
    return out;
  }

  private Condition match(Match match, FieldType root) {
    List<Step> steps = new ArrayList<>();
    FieldType type = resolve(match.selector(), root, steps);
    MatchOperator operator = match.operator();
    if (!operators(type).contains(operator)) {
      throw new FilterException(text, match.selector().offset(), "\"" + operator.spelling()
          + "\" does not apply to selector \"" + match.selector() + "\", " + type.describe() + usable(type));
    }
    Leaf test = Leaf.of(operator.positive(), type, match, text);
    return new Walk(List.copyOf(steps), test, operator);
  }

  /** The field {@code selector} names, its steps from the item appended to {@code steps}. */
  private FieldType resolve(Selector selector, FieldType root, List<Step> steps) {
    FieldType type = root;
    List<String> path = selector.path();
    for (int i = 0; i < path.size(); i++) {
      while (type instanceof ListOf list && list.element() instanceof Struct) {
        steps.add(Step.EACH);
        type = list.element();
      }
      String name = path.get(i);
      if (type instanceof Struct struct && struct.fields().containsKey(name)) {
        steps.add(Step.field(name));
        type = struct.fields().get(name);
      } else if (type instanceof MapOf map) {
        steps.add(Step.key(name));
        type = map.value();
      } else {
        throw new FilterException(text, selector.offset(), "Selector \"" + String.join(".", path.subList(0, i + 1))
            + "\" is not valid");
      }
    }
    return type;
  }

  /** go-bexpr's supported operations per kind of field (strings also take {@code is empty}, as it now does). */
  private static Set<MatchOperator> operators(FieldType type) {
    if (type instanceof Scalar scalar) {
      return scalar.kind() == ScalarKind.STRING ? ALL : EQUALITY;
    }
    if (type instanceof ListOf list) {
      return list.element() instanceof Scalar ? MEMBERSHIP : EMPTINESS;
    }
    return type instanceof MapOf ? MEMBERSHIP : Set.of();
  }

  private static String usable(FieldType type) {
    Set<MatchOperator> usable = operators(type);
    if (usable.isEmpty()) {
      return "; select one of its fields";
    }
    List<String> names = new ArrayList<>();
    usable.forEach(op -> names.add(op.spelling()));
    return " (use " + String.join(", ", names) + ")";
  }

  /** One step from an item towards a field. */
  record Step(Kind kind, String name) {
    enum Kind { FIELD, KEY, EACH }

    static final Step EACH = new Step(Kind.EACH, "");

    static Step field(String name) {
      return new Step(Kind.FIELD, name);
    }

    static Step key(String name) {
      return new Step(Kind.KEY, name);
    }
  }

  /** Follows the steps from an item to the field and tests it there. */
  private record Walk(List<Step> steps, Leaf test, MatchOperator operator) implements Condition {

    @Override
    public boolean test(JsonNode item, MatchBudget budget) {
      return walk(item, 0, budget);
    }

    private boolean walk(JsonNode node, int at, MatchBudget budget) {
      if (at == steps.size()) {
        return test.test(node, budget) != operator.negated();
      }
      Step step = steps.get(at);
      switch (step.kind()) {
        case FIELD:
          return walk(node.path(step.name()), at + 1, budget);
        case KEY:
          // A key the map lacks: nothing equals, contains or matches it, and it is empty.
          return node.has(step.name()) ? walk(node.get(step.name()), at + 1, budget) : operator.whenKeyMissing();
        default:
          if (!node.isArray()) {
            return false; // an absent list is an empty one: no element matches
          }
          for (JsonNode element : node) {
            if (walk(element, at + 1, budget)) {
              return true;
            }
          }
          return false;
      }
    }
  }
}
