package dev.signpost.core.acl;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of ACL rules, as Consul keeps one: tokens link policies by id. {@code rules} is the policy's
 * text in Consul's rule language (HCL or JSON), kept as given so it reads back as it was written.
 */
public record AclPolicy(String id, String name, String description, String rules, long createIndex,
    long modifyIndex) {

  /** Consul's rule for policy names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9\\-_]{1,128}");

  /** Consul's built-in policy that allows everything; linked by the bootstrap token. */
  public static final String GLOBAL_MANAGEMENT_ID = "00000000-0000-0000-0000-000000000001";
  public static final String GLOBAL_MANAGEMENT_NAME = "global-management";
  public static final AclPolicy GLOBAL_MANAGEMENT = new AclPolicy(GLOBAL_MANAGEMENT_ID, GLOBAL_MANAGEMENT_NAME,
      "Builtin Policy that grants unlimited access", "", 0, 0);

  public AclPolicy {
    AclIds.requireUuid(id, "ID");
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Name '" + name + "' is not valid: 1 to 128 letters, digits, '-' or '_'");
    }
    description = Objects.requireNonNullElse(description, "");
    rules = Objects.requireNonNullElse(rules, "");
  }

  public boolean builtIn() {
    return id.equals(GLOBAL_MANAGEMENT_ID);
  }

  public AclPolicy withIndexes(long create, long modify) {
    return new AclPolicy(id, name, description, rules, create, modify);
  }
}
