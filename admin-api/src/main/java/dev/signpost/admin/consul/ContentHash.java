package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.ContentHashQuery;
import dev.signpost.admin.json.JsonCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code X-Consul-ContentHash} for the agent's local reads: 16 hex digits of the SHA-256 of the reply's
 * JSON, as compactly written. Consul hashes its response structure instead; clients only echo the value as
 * {@code ?hash=} and compare it for equality, so any hash that follows the contents serves them.
 */
final class ContentHash {

  static final String HEADER = ContentHashQuery.HEADER;

  private final JsonCodec json;

  ContentHash(JsonCodec json) {
    this.json = json;
  }

  /** {@code response} with the hash of its JSON body. */
  ApiResponse mark(ApiResponse response) {
    return response.withHeader(HEADER, of(json.write(response.json(), false)));
  }

  static String of(byte[] contents) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(contents);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
