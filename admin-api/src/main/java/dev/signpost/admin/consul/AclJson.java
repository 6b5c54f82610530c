package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Consul's JSON shapes of the ACL API: tokens, policies and the links between them. */
final class AclJson {

  private AclJson() {}

  /** A token's link to a policy: by {@code ID} or by {@code Name} in a request, both in a reply. */
  record PolicyLink(@JsonProperty("ID") String id, @JsonProperty("Name") String name) {}

  /** A token as Consul shows it. {@code SecretID} only where the secret is known: creation, bootstrap, self. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Token(
      @JsonProperty("AccessorID") String accessorId,
      @JsonProperty("SecretID") String secretId,
      @JsonProperty("Description") String description,
      @JsonProperty("Policies") List<PolicyLink> policies,
      @JsonProperty("Local") boolean local,
      @JsonProperty("CreateTime") String createTime,
      @JsonProperty("Hash") String hash,
      @JsonProperty("CreateIndex") long createIndex,
      @JsonProperty("ModifyIndex") long modifyIndex) {}

  /** The body of a token create or update. */
  record TokenRequest(
      @JsonProperty("AccessorID") String accessorId,
      @JsonProperty("SecretID") String secretId,
      @JsonProperty("Description") String description,
      @JsonProperty("Policies") List<PolicyLink> policies,
      @JsonProperty("Local") Boolean local) {}

  /** A policy as Consul shows it; a list leaves out its rules. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Policy(
      @JsonProperty("ID") String id,
      @JsonProperty("Name") String name,
      @JsonProperty("Description") String description,
      @JsonProperty("Rules") String rules,
      @JsonProperty("Hash") String hash,
      @JsonProperty("CreateIndex") long createIndex,
      @JsonProperty("ModifyIndex") long modifyIndex) {}

  /** The body of a policy create or update. */
  record PolicyRequest(
      @JsonProperty("ID") String id,
      @JsonProperty("Name") String name,
      @JsonProperty("Description") String description,
      @JsonProperty("Rules") String rules) {}
}
