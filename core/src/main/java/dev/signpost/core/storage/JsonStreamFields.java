package dev.signpost.core.storage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link JsonFields} for a streaming parser: the value the parser is on, strictly typed, with the same
 * messages. A field that is missing altogether is reported by {@link #missing}, once its object ends.
 */
final class JsonStreamFields {

  private JsonStreamFields() {}

  static String text(JsonParser p, String field) throws IOException, CorruptDataException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw missing(field, "a string");
    }
    return p.getText();
  }

  static long longValue(JsonParser p, String field) throws IOException, CorruptDataException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw missing(field, "an integer");
    }
    return p.getLongValue();
  }

  static int intValue(JsonParser p, String field) throws IOException, CorruptDataException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
      throw missing(field, "a 32-bit integer");
    }
    return p.getIntValue();
  }

  /** Checks that the parser is at the start of an object, the value of {@code field}. */
  static void startObject(JsonParser p, String field) throws CorruptDataException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw missing(field, "an object");
    }
  }

  /** Checks that the parser is at the start of an array, the value of {@code field}. */
  static void startArray(JsonParser p, String field) throws CorruptDataException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw missing(field, "an array");
    }
  }

  /** A string that is itself a JSON value, such as an array element or an object's member value. */
  static String textOf(JsonParser p, String what) throws IOException, CorruptDataException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new CorruptDataException(what + " must be a string, got " + kind(p.currentToken()));
    }
    return p.getText();
  }

  /**
   * Marks a known field (by its bit) as met in an object; a second time is refused as the strict parser
   * would refuse it. A bit set rather than a hash set: no allocation for the million objects of a snapshot.
   */
  static int once(int seen, int bit, String field) throws CorruptDataException {
    if ((seen & (1 << bit)) != 0) {
      throw duplicate(field);
    }
    return seen | (1 << bit);
  }

  /** As {@link #once(int, int, String)} for a field the reader does not know: the set is made when first needed. */
  static Set<String> once(Set<String> seen, String field) throws CorruptDataException {
    Set<String> set = seen == null ? new HashSet<>() : seen;
    if (!set.add(field)) {
      throw duplicate(field);
    }
    return set;
  }

  static CorruptDataException duplicate(String field) {
    return new CorruptDataException("not valid JSON: duplicate field '" + field + "'");
  }

  static CorruptDataException missing(String field, String kind) {
    return new CorruptDataException("field '" + field + "' is missing or not " + kind);
  }

  /** The token's kind as the tree model names it ({@code NUMBER}, {@code OBJECT}...), for messages. */
  private static String kind(JsonToken token) {
    if (token == null) {
      return "MISSING";
    }
    return switch (token) {
      case START_OBJECT -> "OBJECT";
      case START_ARRAY -> "ARRAY";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
      case VALUE_NULL -> "NULL";
      default -> token.name();
    };
  }
}
