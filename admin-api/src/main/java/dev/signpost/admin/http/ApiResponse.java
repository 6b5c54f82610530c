package dev.signpost.admin.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a resource answers: a status and at most one of a JSON value (encoded by the transport, which
 * knows about {@code ?pretty}), a plain-text message, bytes as they are (a key's value, {@code ?raw}), or a body
 * streamed as things happen ({@link #stream}, Server-Sent Events).
 */
public record ApiResponse(int status, Object json, String text, Map<String, String> headers, Bytes bytes,
    Streamed stream) {

  /** A body written as things happen, with its content type. */
  public record Streamed(String contentType, StreamBody body) {}

  /** A body sent as it is, with its content type. */
  public record Bytes(byte[] body, String contentType) {}

  public ApiResponse {
    if ((json != null ? 1 : 0) + (text != null ? 1 : 0) + (bytes != null ? 1 : 0) + (stream != null ? 1 : 0) > 1) {
      throw new IllegalArgumentException("a response has a JSON body, a text body, bytes or a stream, only one");
    }
    headers = Map.copyOf(headers);
  }

  public ApiResponse(int status, Object json, String text, Map<String, String> headers) {
    this(status, json, text, headers, null, null);
  }

  public ApiResponse(int status, Object json, String text, Map<String, String> headers, Bytes bytes) {
    this(status, json, text, headers, bytes, null);
  }

  /** 200 with a body {@code body} writes as things happen, until either side closes the connection. */
  public static ApiResponse stream(String contentType, StreamBody body) {
    return new ApiResponse(200, null, null, Map.of(), null, new Streamed(contentType, body));
  }

  /** 200 with {@code body} as it is. */
  public static ApiResponse bytes(byte[] body, String contentType) {
    return new ApiResponse(200, null, null, Map.of(), new Bytes(body, contentType));
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
    return new ApiResponse(status, json, text, more, bytes, stream);
  }
}
