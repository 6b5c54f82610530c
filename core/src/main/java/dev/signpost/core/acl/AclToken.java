package dev.signpost.core.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An ACL token as stored: its public accessor id, the hash of its secret (the secret itself is never
 * kept), and the ids of the policies it links. Secrets are random UUIDs (122 random bits), so a plain
 * SHA-256 is enough to make a stolen data dir useless for calling the API.
 */
public record AclToken(String accessorId, String secretHash, String description, List<String> policyIds,
    boolean local, Instant createTime, long createIndex, long modifyIndex) {

  private static final String HASH_PREFIX = "sha256:";

  public AclToken {
    AclIds.requireUuid(accessorId, "AccessorID");
    Objects.requireNonNull(secretHash, "secretHash");
    if (!secretHash.startsWith(HASH_PREFIX)) {
      throw new IllegalArgumentException("a token's secret is kept as a hash, got '" + secretHash + "'");
    }
    description = Objects.requireNonNullElse(description, "");
    policyIds = List.copyOf(policyIds);
    Objects.requireNonNull(createTime, "createTime");
  }

  /** The hash kept for {@code secret}. */
  public static String hash(String secret) {
    return HASH_PREFIX + HexFormat.of().formatHex(AclIds.sha256(secret));
  }

  /** Whether {@code secret} is this token's, compared in constant time. */
  public boolean matches(String secret) {
    return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
        secretHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether it links Consul's built-in management policy. */
  public boolean management() {
    return policyIds.contains(AclPolicy.GLOBAL_MANAGEMENT_ID);
  }

  public AclToken withIndexes(long create, long modify) {
    return new AclToken(accessorId, secretHash, description, policyIds, local, createTime, create, modify);
  }
}
