package dev.signpost.admin;

/**
 * Whether the API enforces ACL tokens ({@code --acl-enabled}) and what a token's rules do not cover allows
 * ({@code --acl-default-policy}). Off: every request may do everything, as before ACLs existed.
 */
public record AclConfig(boolean enabled, boolean defaultAllow) {

  public static final AclConfig DISABLED = new AclConfig(false, true);

  /** Enabled with Consul's default when enabled: deny. */
  public static AclConfig denyByDefault() {
    return new AclConfig(true, false);
  }
}
