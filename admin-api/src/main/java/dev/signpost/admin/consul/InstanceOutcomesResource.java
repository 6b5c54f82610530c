package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.passive.BatchTooLargeException;
import dev.signpost.core.passive.CallOutcome;
import dev.signpost.core.passive.Outcomes;
import dev.signpost.core.passive.PassiveReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signpost's own endpoint for passive health: a client or a proxy reports the outcomes of its calls to an
 * instance, as a list of calls or as counts. With passive health on for the instance's service they drive its
 * circuit breaker, whose state is the instance's {@code _signpost_passive:<id>} check; on or off, successful
 * calls' latencies feed the latency strategy. Like a load report, a report is not a registry change and answers
 * at once; a change of the breaker's state is written as a health result meanwhile.
 */
final class InstanceOutcomesResource {

  private static final String EXPECTED_BODY = "a JSON array of {\"Success\": ..., \"LatencyMs\": ..., \"Code\": ...}"
      + " or {\"Successes\": ..., \"Failures\": ...}";

  private final ServiceDiscovery discovery;
  private final JsonCodec json;
  private final AclGate acl;

  InstanceOutcomesResource(ServiceDiscovery discovery, JsonCodec json, AclGate acl) {
    this.discovery = discovery;
    this.json = json;
    this.acl = acl;
  }

  /**
   * {@code PUT /v1/signpost/instance/{id}/outcomes}. Needs {@code service:write} on the instance's service, so
   * an anonymous caller never ejects anything; an unknown instance is 404 after the body is read.
   */
  CompletionStage<ApiResponse> report(ApiRequest request) {
    String id = request.pathParam("id");
    acl.requireInstanceWrite(request, id);
    Outcomes outcomes = outcomes(request.body());
    PassiveReport report;
    try {
      report = discovery.reportOutcomes(id, outcomes).orElseThrow(() -> unknown(id));
    } catch (BatchTooLargeException e) {
      throw new ApiException(413, e.getMessage());
    }
    return CompletableFuture.completedFuture(ApiResponse.json(toJson(report)));
  }

  private Outcomes outcomes(byte[] body) {
    switch (firstByte(body)) {
      case '[' -> {
        OutcomeJson[] calls = json.read(body, OutcomeJson[].class);
        List<CallOutcome> outcomes = new ArrayList<>(calls.length);
        for (int k = 0; k < calls.length; k++) {
          outcomes.add(OutcomeMapper.toOutcome(calls[k], k));
        }
        return new Outcomes.Calls(outcomes);
      }
      case '{' -> {
        OutcomeCountsJson counts = json.read(body, OutcomeCountsJson.class);
        if (counts.successes() == null && counts.failures() == null) {
          throw ApiException.badRequest("Successes and Failures are missing: expected " + EXPECTED_BODY);
        }
        // core refuses a negative count, naming the field
        return new Outcomes.Counts(counts.successes() == null ? 0 : counts.successes(),
            counts.failures() == null ? 0 : counts.failures());
      }
      case -1 -> throw ApiException.badRequest("request body is empty: expected " + EXPECTED_BODY);
      default -> throw ApiException.badRequest("request body: expected " + EXPECTED_BODY);
    }
  }

  private static int firstByte(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b & 0xff; // unsigned: a first byte 0xff is not the end of the body (-1)
      }
    }
    return -1;
  }

  private static OutcomeReplyJson toJson(PassiveReport r) {
    return new OutcomeReplyJson(r.instanceId(), r.service(), r.passive(), r.successes(), r.failures(),
        r.state().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse(null),
        r.passive() ? PassiveCheck.id(r.instanceId()) : null,
        r.check().map(c -> c.status().wireName()).orElse(null), r.check().map(c -> c.output()).orElse(null));
  }

  private static ApiException unknown(String id) {
    return ApiException.notFound("Unknown service ID \"" + id + "\"");
  }
}
