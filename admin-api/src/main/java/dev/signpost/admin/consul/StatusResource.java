package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.HostAddresses;
import java.util.List;

/**
 * {@code /v1/status/leader} and {@code /v1/status/peers}. Signpost is its own single server, so the
 * leader (and only peer) is the address the client reached; clients use a non-empty leader to decide
 * that the cluster is usable.
 */
final class StatusResource {

  ApiResponse leader(ApiRequest request) {
    return ApiResponse.json(HostAddresses.hostPort(request.local()));
  }

  ApiResponse peers(ApiRequest request) {
    return ApiResponse.json(List.of(HostAddresses.hostPort(request.local())));
  }
}
