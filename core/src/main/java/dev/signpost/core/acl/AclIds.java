package dev.signpost.core.acl;

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

  static void requireUuid(String s, String field) {
    if (!isUuid(s)) {
      throw new IllegalArgumentException(field + " '" + s + "' is not a UUID");
    }
  }
}
