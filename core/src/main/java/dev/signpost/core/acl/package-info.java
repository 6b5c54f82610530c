/**
 * ACL rules in Consul's model: the rule language of a policy, the decisions a token's policies make, and
 * the stored values ({@link dev.signpost.core.acl.AclToken}, whose secret is kept only as a hash, and
 * {@link dev.signpost.core.acl.AclPolicy}), which the registry keeps durably through
 * {@link dev.signpost.core.AclDirectory}. No HTTP here: the admin API resolves a request's token to its
 * policies, asks an {@link dev.signpost.core.acl.Authorizer}, and maps a "no" to 403.
 *
 * <p>Entry points: {@link dev.signpost.core.acl.AclRules#parse} reads one policy's {@code Rules} text (HCL or
 * JSON, as Consul accepts either) and rejects malformed text with an {@code IllegalArgumentException} whose
 * message starts with {@code "line N: "}; {@link dev.signpost.core.acl.Authorizers#of} merges a token's
 * policies and puts the default policy behind them. {@link dev.signpost.core.acl.Authorizers#management} is
 * Consul's global-management policy.
 *
 * <p>Semantics follow Consul's {@code acl} package: within a resource family an exact rule beats the longest
 * matching prefix rule ({@code service_prefix ""} matches every name); {@code write} implies {@code read};
 * {@code deny} denies whatever the default; rules of several policies (or repeated in one) for the same
 * segment merge to deny, then write, then list, then read; a question no rule answers goes to the default
 * policy, which never grants ACL management. Where Signpost differs, on purpose: service, node and agent
 * names match ignoring case (they are DNS labels here), and an unknown resource or field is an error rather
 * than silently ignored.
 *
 * <p>Text is read by a small hand-written lexer and parser shared by both forms (core uses no JSON library
 * outside its storage package). Everything here is immutable and thread-safe. Depends on the JDK only.
 */
package dev.signpost.core.acl;
