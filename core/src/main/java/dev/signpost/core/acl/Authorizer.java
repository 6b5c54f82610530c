package dev.signpost.core.acl;

/**
 * What one token may do: the merge of its policies' rules, then the default policy for whatever no rule
 * decides. Made by {@link Authorizers}; immutable and safe to call from any thread.
 *
 * <p>Names are matched as {@link AclRules} describes: an exact rule first, else the longest prefix rule, else
 * the default policy. {@code write} implies {@code read}; a {@code deny} rule denies even where the default
 * policy allows.
 */
public interface Authorizer {

  /** {@code service:read}: discover the service (catalog, health, DNS-facing reads). */
  boolean serviceRead(String service);

  /** {@code service:write}: register, change or deregister instances of the service. */
  boolean serviceWrite(String service);

  /** {@code node:read}: discover the node. */
  boolean nodeRead(String node);

  /** {@code node:write}: register or change the node. */
  boolean nodeWrite(String node);

  /** {@code agent:read}: read the agent's own endpoints (self, members, metrics) on this node. */
  boolean agentRead(String node);

  /** {@code agent:write}: change the agent (maintenance, reload, leave) on this node. */
  boolean agentWrite(String node);

  /** {@code operator:read}: read cluster-level operator state. */
  boolean operatorRead();

  /** {@code operator:write}: change cluster-level operator state. */
  boolean operatorWrite();

  /**
   * {@code acl:read}: read tokens and policies. Only a rule grants it: the default policy never does, even
   * "allow", as in Consul.
   */
  boolean aclRead();

  /** {@code acl:write}: create, change and delete tokens and policies. Never granted by the default policy. */
  boolean aclWrite();

  /** {@code key:read}: read the key's value. */
  boolean keyRead(String key);

  /**
   * {@code key:list}: list the keys under {@code prefix}; a {@code list} or {@code write} rule grants it,
   * {@code read} does not. Consul checks this only when {@code acl.enable_key_list_policy} is set, and
   * {@link #keyRead} on the prefix otherwise: which one applies is the caller's choice.
   */
  boolean keyList(String prefix);

  /** {@code key:write}: set or delete the key. */
  boolean keyWrite(String key);

  /**
   * Whether every key under {@code prefix} may be written (a recursive delete): every rule inside it, exact
   * or prefix, must grant write, and so must the longest prefix rule covering {@code prefix}, or the default
   * policy when no prefix rule covers it.
   */
  boolean keyWritePrefix(String prefix);
}
