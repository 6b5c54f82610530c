package dev.signpost.admin.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The admin API's JSON configuration, in one place. Reading follows Consul's decoder: property names
 * match without regard to case and unknown properties are ignored; unlike Jackson's defaults it never
 * coerces scalars ({@code "Port": "80"} is an error, as it is for Consul), so a client learns about a
 * wrong type instead of having it silently converted. No default typing, ever.
 *
 * <p>Thread-safe; one instance serves the whole server.
 */
public final class JsonCodec {

  private final ObjectMapper mapper;
  private final ObjectWriter compact;
  private final ObjectWriter pretty;

  public JsonCodec() {
    mapper = JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Collection, c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .addModule(new SimpleModule("go-duration").addDeserializer(Duration.class, new GoDurationDeserializer()))
        .build();
    compact = mapper.writer();
    pretty = mapper.writer(goStylePrinter());
  }

  /**
   * Reads a request body; {@code null} when the body is empty or the JSON literal {@code null}.
   *
   * @throws UncheckedIOException wrapping Jackson's {@link JsonProcessingException} when the body is not
   *     valid JSON or does not fit {@code type}
   */
  public <T> T read(byte[] body, Class<T> type) {
    if (isBlank(body)) {
      return null;
    }
    try {
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} as the JSON tree {@link #write} would encode, for code that reads a reply's fields. */
  public JsonNode tree(Object value) {
    return mapper.valueToTree(value);
  }

  public byte[] write(Object value, boolean indented) {
    try {
      byte[] json = (indented ? pretty : compact).writeValueAsBytes(value);
      if (!indented) {
        return json;
      }
      // Consul ends pretty output with a newline, which keeps terminals tidy.
      byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented like Go's {@code json.MarshalIndent}, which is what {@code ?pretty} gives on Consul. */
  private static DefaultPrettyPrinter goStylePrinter() {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
