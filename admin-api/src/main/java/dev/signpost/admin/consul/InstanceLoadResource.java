package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.balance.InstanceStats;
import dev.signpost.core.ServiceDiscovery;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signpost's own endpoints for the live numbers the load-aware strategies read: an instance reports its
 * active connections (for least-connections), and anyone can see what the strategies see, including the
 * check latency the health engine measures (for latency). These numbers are kept in memory only and are
 * not journaled: load is current or worthless, and a restart starts from none. A report is not a registry
 * change either, so it does not move the index.
 */
final class InstanceLoadResource {

  private final ServiceDiscovery discovery;
  private final JsonCodec json;

  private final AclGate acl;

  InstanceLoadResource(ServiceDiscovery discovery, JsonCodec json, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.json = json;
  }

  /**
   * {@code PUT /v1/signpost/instance/{id}/load} with {@code {"ActiveConnections": n}}. Not journaled, so it
   * answers at once; an unknown instance is 404 before the count is looked at.
   */
  CompletionStage<ApiResponse> report(ApiRequest request) {
    String id = request.pathParam("id");
    acl.requireInstanceWrite(request, id);
    LoadReportJson body = json.read(request.body(), LoadReportJson.class);
    if (body == null) {
      throw ApiException.badRequest("request body is empty: expected {\"ActiveConnections\": ...}");
    }
    if (body.activeConnections() == null) {
      throw ApiException.badRequest("ActiveConnections is missing: expected a non-negative integer");
    }
    // core refuses a negative count, naming the field
    if (!discovery.reportLoad(id, body.activeConnections())) {
      throw unknown(id);
    }
    return CompletableFuture.completedFuture(ApiResponse.empty());
  }

  /** {@code GET /v1/signpost/instance/{id}/load}. */
  ApiResponse load(ApiRequest request) {
    String id = request.pathParam("id");
    if (discovery.instance(id).isEmpty()) {
      throw unknown(id);
    }
    acl.requireServiceRead(request, discovery.instance(id).get().service().value());
    InstanceStats stats = discovery.stats();
    OptionalLong active = stats.connections(id);
    Double latencyMillis = stats.latency(id).map(d -> d.toNanos() / 1_000_000.0).orElse(null);
    return ApiResponse.json(new LoadJson(id, active.isPresent() ? active.getAsLong() : null, latencyMillis,
        stats.failedRecently(id)));
  }

  private static ApiException unknown(String id) {
    return ApiException.notFound("Unknown service ID \"" + id + "\"");
  }
}
