package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The key a {@code /v1/kv/...} request names: the rest of its raw path after {@code /v1/kv/}, percent-decoded
 * as UTF-8, so that a trailing {@code /} (a "folder" key, or a prefix that stops at a separator) and an
 * encoded {@code /} stay what they are. One leading {@code /} is dropped, as Consul's HTTP server cleans
 * {@code /v1/kv//key} into {@code /v1/kv/key}.
 */
final class KvPath {

  private static final String BASE = "/v1/kv";

  private KvPath() {}

  /** @throws ApiException 400 when the path is not well-formed percent-encoded UTF-8 */
  static String key(ApiRequest request) {
    String raw = request.path();
    String key;
    if (raw.equals(BASE)) {
      key = "";
    } else if (raw.startsWith(BASE + "/")) {
      key = decode(raw.substring(BASE.length() + 1));
    } else {
      key = request.pathParam("key"); // "/v1/%6Bv/...": the router decoded it
    }
    return key.startsWith("/") ? key.substring(1) : key;
  }

  static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (low < 0) {
          throw ApiException.badRequest("key has a malformed percent-escape at " + i);
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.write(c & 0xff); // the request line's bytes, read one char each
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("key is not well-formed UTF-8");
    }
  }
}
