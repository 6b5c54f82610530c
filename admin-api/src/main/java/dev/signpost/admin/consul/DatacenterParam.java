package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Consul's {@code ?dc=}: the catalog, health, KV, ACL and status endpoints answer for the datacenter named,
 * and a datacenter this server cannot reach is an error ({@code 500 No path to datacenter}), never a silent
 * answer about our own. Signpost serves one datacenter, so any other name is unreachable. Agent endpoints
 * (and Signpost's own) are about this node and take no {@code dc}, as in Consul. Checked before a blocking
 * query waits, so a wrong datacenter fails at once. Names compare without case.
 */
public final class DatacenterParam implements Consumer<ApiRequest> {

  /** The second path segment of the endpoints that read {@code dc} (Consul's remote-capable ones). */
  private static final Set<String> SCOPED = Set.of("catalog", "health", "kv", "txn", "acl", "status", "query",
      "coordinate", "event", "session", "operator");

  private final String datacenter;

  public DatacenterParam(String datacenter) {
    this.datacenter = datacenter;
  }

  @Override
  public void accept(ApiRequest request) {
    List<String> segments = request.segments();
    if (segments.size() < 2 || !segments.get(0).equals("v1") || !SCOPED.contains(segments.get(1))) {
      return;
    }
    request.queryParam("dc").ifPresent(this::requireOurs);
  }

  /**
   * @param dc a datacenter a request names (the {@code dc} parameter, a body's {@code Datacenter}); null or empty
   *     for ours
   * @throws ApiException Consul's 500 "No path to datacenter" when it is another
   */
  void requireOurs(String dc) {
    if (dc != null && !dc.isEmpty() && !dc.equalsIgnoreCase(datacenter)) {
      throw new ApiException(500, "No path to datacenter");
    }
  }
}
