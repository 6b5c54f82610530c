package dev.signpost.admin.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.signpost.core.FatalErrors;
import dev.signpost.core.KeyValueStore;
import dev.signpost.core.NameClaims;
import dev.signpost.core.storage.StoreException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that turns an exception into an HTTP status and a one-line plain-text message. Clients
 * get the message, never a stack trace; only unexpected failures are logged.
 */
public final class ApiErrors {

  private static final System.Logger LOG = System.getLogger(ApiErrors.class.getName());

  public ApiResponse toResponse(Throwable failure) {
    FatalErrors.escalate(failure); // out of memory is the process's failure, not this request's
    Throwable t = unwrap(failure);
    if (t instanceof ApiException e) {
      ApiResponse response = ApiResponse.text(e.status(), oneLine(e.getMessage()));
      for (Map.Entry<String, String> h : e.headers().entrySet()) {
        response = response.withHeader(h.getKey(), h.getValue());
      }
      return response;
    }
    if (t instanceof KeyValueStore.ValueTooLargeException) {
      return ApiResponse.text(413, oneLine(t.getMessage()));
    }
    if (t instanceof IllegalArgumentException) {
      // core's records validate in their constructors with messages that name the field
      return ApiResponse.text(400, oneLine(t.getMessage()));
    }
    if (t instanceof NameClaims.ClaimedNameException) {
      return ApiResponse.text(409, oneLine(t.getMessage()));
    }
    if (t instanceof JsonProcessingException e) {
      return ApiResponse.text(400, oneLine(describe(e)));
    }
    if (t instanceof StoreException e) {
      return storeFailure(e);
    }
    if (t instanceof TooLongHttpLineException) {
      return ApiResponse.text(414, "request line is too long");
    }
    if (t instanceof TooLongHttpHeaderException) {
      return ApiResponse.text(431, "request headers are too large");
    }
    if (t instanceof TooLongFrameException) {
      return ApiResponse.text(413, oneLine(t.getMessage()));
    }
    LOG.log(Level.ERROR, "admin API request failed unexpectedly", t);
    return ApiResponse.text(500, oneLine("internal error: " + t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + t.getMessage())));
  }

  /**
   * A change the store could not make durable, so it changed nothing: 507 on a full disk, 503 while the
   * store is failing otherwise or did not confirm the change (cluster mode; then it says the change may have
   * been made), both with {@code Retry-After}, the store's next attempt to recover; 409
   * when other cluster nodes kept changing the same thing, 500 for the rest.
   */
  private static ApiResponse storeFailure(StoreException e) {
    LOG.log(Level.WARNING, "registry store failed: " + e.getMessage());
    int status = switch (e.kind()) {
      case NO_SPACE -> 507;
      case UNAVAILABLE, UNCONFIRMED -> 503;
      // Other nodes kept changing the same thing (cluster mode), after the registry decided again each time.
      case CONFLICT -> 409;
      case OTHER -> 500;
    };
    String outcome = e.kind() == StoreException.Kind.UNCONFIRMED
        ? "the store did not confirm the change, which may or may not have been made: "
        : "the change could not be stored, nothing was changed: ";
    ApiResponse response = ApiResponse.text(status, oneLine(outcome + e.getMessage()));
    if (e.retryAfter().isPresent()) {
      long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
      response = response.withHeader("Retry-After", Long.toString(seconds));
    }
    return response;
  }

  /** A request Netty could not decode at all. */
  public ApiResponse malformedRequest(Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      return toResponse(cause);
    }
    return ApiResponse.text(400, oneLine("malformed HTTP request: " + cause.getMessage()));
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException
        || current instanceof UncheckedIOException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Jackson's failure, said as a client of Consul's API would want to hear it. */
  static String describe(JsonProcessingException e) {
    if (e instanceof JsonParseException || !(e instanceof JsonMappingException)) {
      return "malformed JSON: " + plain(e.getOriginalMessage()) + at(e.getLocation());
    }
    JsonMappingException m = (JsonMappingException) e;
    if (m.getCause() instanceof JsonProcessingException cause && !(cause instanceof JsonMappingException)
        && !(cause instanceof InputCoercionException)) {
      // A parser's failure inside a nested value, which databind wraps with that value's path: still malformed
      // JSON ("[1]: Unexpected end-of-input" would blame the second element). A number out of range keeps its path.
      return describe(cause);
    }
    String path = path(m);
    if (path.isEmpty() && m instanceof MismatchedInputException && m.getOriginalMessage() != null
        && m.getOriginalMessage().startsWith("Trailing token")) {
      // FAIL_ON_TRAILING_TOKENS: Jackson's target type would read "expected an array, got an array".
      return "malformed JSON: more data after the JSON value" + at(m.getLocation());
    }
    String prefix = path.isEmpty() ? "request body: " : path + ": ";
    if (m instanceof InvalidFormatException f && f.getTargetType() == Duration.class) {
      return prefix + f.getOriginalMessage();
    }
    if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      String got = got(mi);
      if (got != null) {
        return prefix + "expected " + expected(mi.getTargetType()) + ", got " + got;
      }
    }
    return prefix + m.getOriginalMessage();
  }

  /** Jackson's message without its advice to Jackson users: the features to enable, where a limit came from. */
  private static String plain(String message) {
    if (message == null) {
      return null;
    }
    return message.replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
        .replaceAll(": enable `[^`]*` to allow", "")
        .replaceAll(", from `[^`]*`\\)", ")");
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration (a string such as \"10s\", or integer nanoseconds)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String got(MismatchedInputException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    JsonToken token = parser.currentToken();
    if (token == null) {
      return null;
    }
    switch (token) {
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
      case FIELD_NAME:
        return "an object";
      default:
        return null;
    }
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "error";
    }
    return message.replaceAll("[\\r\\n]+", " ").strip();
  }
}
