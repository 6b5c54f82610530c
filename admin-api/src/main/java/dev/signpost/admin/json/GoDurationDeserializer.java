package dev.signpost.admin.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads a duration as Consul does: a Go duration string, or a JSON integer counting nanoseconds.
 * A bad string becomes an {@link InvalidFormatException} whose message says what is wrong with it.
 */
final class GoDurationDeserializer extends StdScalarDeserializer<Duration> {

  private static final long serialVersionUID = 1L;

  GoDurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      String text = p.getText().trim();
      try {
        return GoDuration.parse(text);
      } catch (IllegalArgumentException e) {
        throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
      }
    }
    if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return Duration.ofNanos(p.getLongValue());
    }
    return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
  }
}
