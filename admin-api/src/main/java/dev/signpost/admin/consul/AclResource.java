package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.AclDirectory;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.TimeSource;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclRules;
import dev.signpost.core.acl.AclToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Consul's ACL API under {@code /v1/acl/}: bootstrap, tokens and policies, with Consul's JSON. Secrets are
 * kept only as hashes, so a token's {@code SecretID} is shown where the secret is at hand (creation,
 * bootstrap, {@code token/self}) and nowhere else; Consul shows it to every {@code acl:read} token.
 */
final class AclResource {

  private final AclDirectory acl;
  private final AclGate gate;
  private final JsonCodec json;
  /** The registry's time: a token's {@code CreateTime}. */
  private final TimeSource time;

  AclResource(ServiceDiscovery discovery, AclGate gate, JsonCodec json) {
    this.acl = discovery.acl();
    this.gate = gate;
    this.json = json;
    this.time = discovery.time();
  }

  /** {@code PUT /v1/acl/bootstrap}: the first management token, once. */
  CompletionStage<ApiResponse> bootstrap(ApiRequest request) {
    requireEnabled();
    String secret = AclIds.random();
    AclToken token = new AclToken(AclIds.random(), AclToken.hash(secret), "Bootstrap Token (Global Management)",
        List.of(AclPolicy.GLOBAL_MANAGEMENT_ID), false, now(), 0, 0);
    try {
      return acl.bootstrap(token).thenApply(stored -> {
        return ApiResponse.json(toJson(stored, secret));
      });
    } catch (IllegalStateException e) {
      throw new ApiException(403, "ACL bootstrap no longer allowed");
    }
  }

  /** {@code PUT /v1/acl/token}: creates a token, with the given secret and accessor id or new ones. */
  CompletionStage<ApiResponse> createToken(ApiRequest request) {
    requireEnabled();
    AclJson.TokenRequest body = body(request, AclJson.TokenRequest.class);
    String accessor = body.accessorId() == null || body.accessorId().isEmpty() ? AclIds.random() : body.accessorId();
    String secret = body.secretId() == null || body.secretId().isEmpty() ? AclIds.random() : body.secretId();
    if (!AclIds.isUuid(secret)) {
      throw ApiException.badRequest("SecretID must be a UUID");
    }
    if (acl.token(accessor).isPresent()) {
      throw ApiException.badRequest("Invalid Token: AccessorID is already in use");
    }
    AclToken token = new AclToken(accessor, AclToken.hash(secret), body.description(), policyIds(body.policies()),
        Boolean.TRUE.equals(body.local()), now(), 0, 0);
    return acl.putToken(token).thenApply(stored -> {
      return ApiResponse.json(toJson(stored, secret));
    });
  }

  /** {@code PUT /v1/acl/token/{id}}: replaces a token's description and policies; its secret stays. */
  CompletionStage<ApiResponse> updateToken(ApiRequest request) {
    requireEnabled();
    AclToken existing = existingToken(request);
    AclJson.TokenRequest body = body(request, AclJson.TokenRequest.class);
    if (body.secretId() != null && !body.secretId().isEmpty() && !existing.matches(body.secretId())) {
      throw ApiException.badRequest("Cannot modify the SecretID of a token");
    }
    AclToken token = new AclToken(existing.accessorId(), existing.secretHash(), body.description(),
        policyIds(body.policies()), existing.local(), existing.createTime(), 0, 0);
    return acl.putToken(token).thenApply(stored -> {
      return ApiResponse.json(toJson(stored, null));
    });
  }

  /** {@code GET /v1/acl/token/{id}}. */
  ApiResponse readToken(ApiRequest request) {
    requireEnabled();
    return ApiResponse.json(toJson(existingToken(request), null));
  }

  /** {@code GET /v1/acl/token/self}: the request's own token; any valid token may ask. */
  ApiResponse self(ApiRequest request) {
    requireEnabled();
    AclToken token = gate.token(request).orElseThrow(() -> new ApiException(403, AclGate.ACL_NOT_FOUND));
    return ApiResponse.json(toJson(token, request.aclToken().orElseThrow()));
  }

  /** {@code DELETE /v1/acl/token/{id}}: answers {@code true}, as Consul does. */
  CompletionStage<ApiResponse> deleteToken(ApiRequest request) {
    requireEnabled();
    String id = request.pathParam("id");
    return acl.deleteToken(id).thenApply(removed -> {
      if (removed.isEmpty()) {
        throw ApiException.notFound("ACL token not found: " + id);
      }
      return ApiResponse.json(true);
    });
  }

  /** {@code GET /v1/acl/tokens}. */
  ApiResponse tokens(ApiRequest request) {
    requireEnabled();
    List<AclJson.Token> out = new ArrayList<>();
    acl.tokens().forEach(t -> out.add(toJson(t, null)));
    return ApiResponse.json(out);
  }

  /** {@code PUT /v1/acl/policy}: creates a policy; its rules must parse (400 with the line otherwise). */
  CompletionStage<ApiResponse> createPolicy(ApiRequest request) {
    requireEnabled();
    AclJson.PolicyRequest body = body(request, AclJson.PolicyRequest.class);
    return putPolicy(AclIds.random(), body);
  }

  /** {@code PUT /v1/acl/policy/{id}}. */
  CompletionStage<ApiResponse> updatePolicy(ApiRequest request) {
    requireEnabled();
    AclPolicy existing = acl.policy(request.pathParam("id"))
        .orElseThrow(() -> ApiException.notFound("ACL policy not found: " + request.pathParam("id")));
    return putPolicy(existing.id(), body(request, AclJson.PolicyRequest.class));
  }

  private CompletionStage<ApiResponse> putPolicy(String id, AclJson.PolicyRequest body) {
    if (body.name() == null || body.name().isEmpty()) {
      throw ApiException.badRequest("Name is missing");
    }
    String rules = Objects.requireNonNullElse(body.rules(), "");
    try {
      AclRules.parse(rules);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Failed to parse ACL rules: " + e.getMessage());
    }
    AclPolicy policy = new AclPolicy(id, body.name(), body.description(), rules, 0, 0);
    return acl.putPolicy(policy).thenApply(stored -> {
      return ApiResponse.json(toJson(stored, true));
    });
  }

  /** {@code GET /v1/acl/policy/{id}}. */
  ApiResponse readPolicy(ApiRequest request) {
    requireEnabled();
    String id = request.pathParam("id");
    return acl.policy(id).map(p -> ApiResponse.json(toJson(p, true)))
        .orElseThrow(() -> ApiException.notFound("ACL policy not found: " + id));
  }

  /** {@code GET /v1/acl/policy/name/{name}}. */
  ApiResponse readPolicyByName(ApiRequest request) {
    requireEnabled();
    String name = request.pathParam("name");
    return acl.policyByName(name).map(p -> ApiResponse.json(toJson(p, true)))
        .orElseThrow(() -> ApiException.notFound("ACL policy not found: " + name));
  }

  /** {@code DELETE /v1/acl/policy/{id}}. */
  CompletionStage<ApiResponse> deletePolicy(ApiRequest request) {
    requireEnabled();
    String id = request.pathParam("id");
    return acl.deletePolicy(id).thenApply(removed -> {
      if (removed.isEmpty()) {
        throw ApiException.notFound("ACL policy not found: " + id);
      }
      return ApiResponse.json(true);
    });
  }

  /** {@code GET /v1/acl/policies}: without their rules, as Consul lists them. */
  ApiResponse policies(ApiRequest request) {
    requireEnabled();
    List<AclJson.Policy> out = new ArrayList<>();
    acl.policies().forEach(p -> out.add(toJson(p, false)));
    return ApiResponse.json(out);
  }

  private void requireEnabled() {
    if (!gate.enabled()) {
      throw new ApiException(401, "ACL support disabled");
    }
  }

  private AclToken existingToken(ApiRequest request) {
    String id = request.pathParam("id");
    return acl.token(id).orElseThrow(() -> ApiException.notFound("ACL token not found: " + id));
  }

  private <T> T body(ApiRequest request, Class<T> type) {
    T body = json.read(request.body(), type);
    if (body == null) {
      throw ApiException.badRequest("request body is empty");
    }
    return body;
  }

  /** Policy links by ID or Name, resolved to ids; an unknown one is a 400 naming it. */
  private List<String> policyIds(List<AclJson.PolicyLink> links) {
    List<String> ids = new ArrayList<>();
    for (AclJson.PolicyLink link : links == null ? List.<AclJson.PolicyLink>of() : links) {
      AclPolicy policy;
      if (link.id() != null && !link.id().isEmpty()) {
        policy = acl.policy(link.id()).orElseThrow(() -> ApiException.badRequest("cannot find policy " + link.id()));
      } else if (link.name() != null && !link.name().isEmpty()) {
        policy = acl.policyByName(link.name())
            .orElseThrow(() -> ApiException.badRequest("cannot find policy " + link.name()));
      } else {
        throw ApiException.badRequest("a policy link needs an ID or a Name");
      }
      if (!ids.contains(policy.id())) {
        ids.add(policy.id());
      }
    }
    return ids;
  }

  private AclJson.Token toJson(AclToken t, String secret) {
    List<AclJson.PolicyLink> links = new ArrayList<>();
    for (String id : t.policyIds()) {
      // A deleted policy's link is left out, as Consul does.
      acl.policy(id).ifPresent(p -> links.add(new AclJson.PolicyLink(p.id(), p.name())));
    }
    return new AclJson.Token(t.accessorId(), secret, t.description(), links, t.local(), t.createTime().toString(),
        hash(t.accessorId() + t.description() + t.policyIds()), t.createIndex(), t.modifyIndex());
  }

  private static AclJson.Policy toJson(AclPolicy p, boolean withRules) {
    return new AclJson.Policy(p.id(), p.name(), p.description(), withRules ? p.rules() : null,
        hash(p.name() + p.description() + p.rules()), p.createIndex(), p.modifyIndex());
  }

  /** Consul's {@code Hash}: a digest of what the object grants, so a client can tell a change. */
  private static String hash(String content) {
    return Base64.getEncoder().encodeToString(AclIds.sha256(content));
  }

  private Instant now() {
    return time.now();
  }

}
