package dev.signpost.admin.filter;

import java.util.Map;

/**
 * The shape of what an endpoint returns, as the filter sees it: which selectors exist and what each one
 * holds. This is go-bexpr's field configuration, and it decides the same things: an unknown selector is an
 * error even when the result is empty, and each kind of field allows its own operators (a number only
 * {@code ==} and {@code !=}, a list of strings {@code in} and {@code is empty}...).
 */
public sealed interface FieldType {

  /** What {@code ==} compares and a literal is coerced to. */
  enum ScalarKind { STRING, INTEGER, BOOLEAN }

  /** A string, a whole number or a boolean. */
  record Scalar(ScalarKind kind) implements FieldType {}

  /** A list; a selector goes through a list of structs into each element's fields (any element may match). */
  record ListOf(FieldType element) implements FieldType {}

  /** A map with string keys; a selector's next name is a key ({@code Meta.version}, {@code Meta["a-b"]}). */
  record MapOf(FieldType value) implements FieldType {}

  /** An object with named fields, named as the JSON names them. */
  record Struct(Map<String, FieldType> fields) implements FieldType {
    public Struct {
      fields = Map.copyOf(fields);
    }
  }

  /** How error messages name it. */
  default String describe() {
    if (this instanceof Scalar scalar) {
      return switch (scalar.kind()) {
        case STRING -> "a string";
        case INTEGER -> "a number";
        case BOOLEAN -> "a boolean";
      };
    }
    if (this instanceof ListOf list) {
      return list.element() instanceof Scalar ? "a list of " + plural(list.element()) : "a list";
    }
    return this instanceof MapOf ? "a map" : "an object";
  }

  private static String plural(FieldType scalar) {
    return scalar.describe().replaceFirst("^an? ", "") + "s";
  }

  /**
   * The shape of a record serialized by Jackson: each component by its {@code @JsonProperty} name (or its
   * own), strings, numbers and booleans as scalars, {@code List}s, string-keyed {@code Map}s and nested
   * records as themselves.
   *
   * @throws IllegalArgumentException for a component of another type, so a DTO the filter cannot describe
   *     fails when the routes are built, not on a request
   */
  static FieldType ofRecord(Class<?> type) {
    return RecordShapes.of(type);
  }
}
