package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.cluster.Membership;

/**
 * {@code /v1/status/leader} and {@code /v1/status/peers}. Clients use a non-empty leader to decide that the
 * cluster is usable. A node alone is its own leader and only peer, at the address the client reached; in a
 * cluster the peers are the live nodes and the leader is the one {@link ClusterView#leader} names (Signpost
 * has no leader: etcd orders the writes).
 */
final class StatusResource {

  private final Membership membership;

  StatusResource(Membership membership) {
    this.membership = membership;
  }

  /** {@code ""} when no node is alive, as Consul answers without a leader. */
  ApiResponse leader(ApiRequest request) {
    ClusterView view = ClusterView.of(membership, request.local());
    return ApiResponse.json(view.leader().map(view::hostPort).orElse(""));
  }

  ApiResponse peers(ApiRequest request) {
    ClusterView view = ClusterView.of(membership, request.local());
    return ApiResponse.json(view.live().stream().map(view::hostPort).sorted().toList());
  }
}
