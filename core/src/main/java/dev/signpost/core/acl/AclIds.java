package dev.signpost.core.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/** ACL ids and secrets are UUIDs, as Consul's are. */
public final class AclIds {

  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private AclIds() {}

  /** A new random id (or secret): 122 random bits from a {@link java.security.SecureRandom}. */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  public static boolean isUuid(String s) {
    return s != null && UUID_FORM.matcher(s).matches();
  }

  /** The SHA-256 digest of {@code text} (UTF-8): what a secret is kept as, and what a reply's {@code Hash} is. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static void requireUuid(String s, String field) {
    if (!isUuid(s)) {
      throw new IllegalArgumentException(field + " '" + s + "' is not a UUID");
    }
  }
}
