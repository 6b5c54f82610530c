package dev.signpost.core.storage;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict field access on a Jackson tree: a missing or mistyped field is corruption, never a silent default. */
final class JsonFields {

  private JsonFields() {}

  static String text(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw missing(field, "a string");
    }
    return v.textValue();
  }

  static long longValue(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw missing(field, "an integer");
    }
    return v.longValue();
  }

  static int intValue(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw missing(field, "a 32-bit integer");
    }
    return v.intValue();
  }

  static boolean bool(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isBoolean()) {
      throw missing(field, "a boolean");
    }
    return v.booleanValue();
  }

  static JsonNode object(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw missing(field, "an object");
    }
    return v;
  }

  static JsonNode array(JsonNode node, String field) throws CorruptDataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw missing(field, "an array");
    }
    return v;
  }

  /** A string that is itself a JSON value, such as an array element or an object's member value. */
  static String textOf(JsonNode v, String what) throws CorruptDataException {
    if (!v.isTextual()) {
      throw new CorruptDataException(what + " must be a string, got " + v.getNodeType());
    }
    return v.textValue();
  }

  private static CorruptDataException missing(String field, String kind) {
    return new CorruptDataException("field '" + field + "' is missing or not " + kind);
  }
}
