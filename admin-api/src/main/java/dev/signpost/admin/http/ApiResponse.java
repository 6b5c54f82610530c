package dev.signpost.admin.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a resource answers: a status and at most one of a JSON value (encoded by the transport, which
 * knows about {@code ?pretty}) or a plain-text message.
 */
public record ApiResponse(int status, Object json, String text, Map<String, String> headers) {

  public ApiResponse {
    if (json != null && text != null) {
      throw new IllegalArgumentException("a response has a JSON body or a text body, not both");
    }
    headers = Map.copyOf(headers);
  }

  /** 200 with {@code body} as JSON. */
  public static ApiResponse json(Object body) {
    return json(200, body);
  }

  /** {@code status} with {@code body} as JSON: for the endpoints whose status code carries the answer. */
  public static ApiResponse json(int status, Object body) {
    return new ApiResponse(status, body, null, Map.of());
  }

  /** 200 with no body: what Consul answers to a successful write. */
  public static ApiResponse empty() {
    return new ApiResponse(200, null, null, Map.of());
  }

  public static ApiResponse text(int status, String message) {
    return new ApiResponse(status, null, message, Map.of());
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, json, text, more);
  }
}
