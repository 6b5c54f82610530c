package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import dev.signpost.core.ServicePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Signpost's own endpoints (Consul has none like them) for a service's DNS policy: the strategy that
 * orders its answers, their TTL, how many records an answer holds, and its passive health. A service need not be registered
 * to have a policy. Policies are kept in the store like registrations, so writes answer only once the
 * registry's stage completes, that is once the change is durable.
 */
final class SignpostPolicyResource {

  private static final String EXPECTED_BODY =
      "{\"Strategy\": ..., \"TTL\": ..., \"AnswerLimit\": ..., \"Passive\": {...}}";

  private final ServiceDiscovery discovery;
  private final JsonCodec json;

  private final AclGate acl;

  SignpostPolicyResource(ServiceDiscovery discovery, JsonCodec json, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.json = json;
  }

  /** {@code PUT /v1/signpost/policy/{service}}: sets or replaces the policy; answers with it as stored. */
  CompletionStage<ApiResponse> put(ApiRequest request) {
    String service = service(request);
    acl.requireServiceWrite(request, service);
    PolicyDefinitionJson body = json.read(request.body(), PolicyDefinitionJson.class);
    if (body == null) {
      throw ApiException.badRequest("request body is empty: expected " + EXPECTED_BODY);
    }
    ServicePolicy policy = toPolicy(body);
    // core refuses an unknown strategy here, with the list of known ones
    return discovery.setPolicy(service, policy).thenApply(stored -> ApiResponse.json(toJson(service, stored)));
  }

  /** {@code GET /v1/signpost/policy/{service}}: the stored policy, or 404 when the defaults apply. */
  ApiResponse get(ApiRequest request) {
    String service = service(request);
    acl.requireServiceRead(request, service);
    return discovery.storedPolicy(service)
        .map(p -> ApiResponse.json(toJson(service, p)))
        .orElseThrow(() -> noPolicy(service));
  }

  /** {@code DELETE /v1/signpost/policy/{service}}: the defaults apply again. */
  CompletionStage<ApiResponse> delete(ApiRequest request) {
    String service = service(request);
    acl.requireServiceWrite(request, service);
    return discovery.removePolicy(service).thenApply(removed -> {
      if (removed.isEmpty()) {
        throw noPolicy(service);
      }
      return ApiResponse.empty();
    });
  }

  /** {@code GET /v1/signpost/policies}: service key → policy, in key order. */
  ApiResponse policies(ApiRequest request) {
    Map<String, PolicyJson> out = new LinkedHashMap<>();
    AclGate.ReadFilter readable = acl.readFilter(request);
    discovery.policies().forEach((key, policy) -> {
      if (readable.service(key)) {
        out.put(key, toJson(key, policy));
      }
    });
    return readable.mark(ApiResponse.json(out));
  }

  /** The path's service name, validated: a name that is not a service's can have no policy. */
  private static String service(ApiRequest request) {
    return ServiceName.of(request.pathParam("service")).value();
  }

  private ServicePolicy toPolicy(PolicyDefinitionJson body) {
    if (body.strategy() == null || body.strategy().isBlank()) {
      throw ApiException.badRequest("Strategy is missing: use one of: " + String.join(", ", discovery.strategyNames()));
    }
    OptionalLong ttl = body.ttl() == null ? OptionalLong.empty() : OptionalLong.of(body.ttl());
    OptionalInt answerLimit = body.answerLimit() == null ? OptionalInt.empty() : OptionalInt.of(body.answerLimit());
    Optional<PassivePolicy> passive = body.passive() == null ? Optional.empty()
        : Optional.of(PassiveMapper.toPolicy(body.passive()));
    return new ServicePolicy(body.strategy(), ttl, answerLimit, passive); // validates TTL and AnswerLimit
  }

  private static PolicyJson toJson(String service, ServicePolicy policy) {
    Long ttl = policy.ttl().isPresent() ? policy.ttl().getAsLong() : null;
    Integer answerLimit = policy.answerLimit().isPresent() ? policy.answerLimit().getAsInt() : null;
    return new PolicyJson(service, policy.strategy(), ttl, answerLimit,
        policy.passive().map(PassiveMapper::toJson).orElse(null));
  }

  private ApiException noPolicy(String service) {
    return ApiException.notFound("No policy for service \"" + service + "\": it is answered with the defaults"
        + " (strategy " + discovery.defaultStrategy() + ")");
  }
}
