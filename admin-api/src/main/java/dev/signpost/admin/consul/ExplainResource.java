package dev.signpost.admin.consul;

import dev.signpost.admin.AnswerExplainer;
import dev.signpost.admin.AnswerExplanation;
import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.Addresses;
import java.net.InetAddress;
import java.util.Locale;

/**
 * {@code GET /v1/signpost/explain?name=&type=&client=}: why DNS answers a question as it does (Signpost's own;
 * Consul has none like it). The launcher's {@link AnswerExplainer} does the work; this checks the parameters
 * and the token. A service's answer needs {@code service:read} on it; any other name's ({@code operator:read})
 * says how the server is set up (zones, forwarding) rather than what a service holds.
 */
final class ExplainResource {

  /** The longest name DNS can carry, in presentation form with a final dot. */
  private static final int MAX_NAME = 254;

  private final ServerOperations operations;
  private final AclGate acl;

  ExplainResource(ServerOperations operations, AclGate acl) {
    this.operations = operations;
    this.acl = acl;
  }

  ApiResponse explain(ApiRequest request) {
    String name = request.queryParam("name").filter(n -> !n.isEmpty())
        .orElseThrow(() -> ApiException.badRequest("name is missing: ?name=web.service.local"));
    if (name.length() > MAX_NAME) {
      throw ApiException.badRequest("name is longer than " + MAX_NAME + " characters");
    }
    String type = request.queryParam("type").orElse("A").toUpperCase(Locale.ROOT);
    if (!AnswerExplainer.TYPES.contains(type)) {
      throw ApiException.badRequest("type '" + type + "' is not one of " + String.join(", ", AnswerExplainer.TYPES));
    }
    InetAddress client = request.queryParam("client")
        .map(c -> Addresses.ip(c).orElseThrow(() -> ApiException.badRequest("client '" + c
            + "' is not an IP address")))
        .orElseGet(() -> request.remote().getAddress());
    AnswerExplainer explainer = operations.explainer()
        .orElseThrow(() -> ApiException.notFound("this server answers no DNS: nothing to explain"));
    AnswerExplanation explanation;
    try {
      explanation = explainer.explain(name, type, client);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("name '" + name + "': " + e.getMessage());
    }
    if (explanation.service().isPresent()) {
      acl.requireServiceRead(request, explanation.service().get());
    } else {
      acl.requireOperatorRead(request);
    }
    return ApiResponse.json(ExplanationJson.of(explanation));
  }
}
