package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.Endpoint;
import dev.signpost.admin.http.Route;
import dev.signpost.core.acl.AclToken;
import java.lang.System.Logger.Level;

/**
 * Logs every change the API made, once, after it succeeded: method, path, the accessor id of the token
 * that made it (never its secret; {@code anonymous} without one) and the caller's address. Logger
 * {@code dev.signpost.admin.audit}: INFO with ACLs on; DEBUG with them off, where there is no token to name
 * and a line per registration would cost a busy registry more than the write itself. TTL heartbeats
 * ({@code check/pass|warn|fail|update}) are health results, not changes of what is registered: not logged.
 */
final class Audit {

  private static final System.Logger LOG = System.getLogger("dev.signpost.admin.audit");

  private final AclGate acl;

  Audit(AclGate acl) {
    this.acl = acl;
  }

  /** {@link Route#write}, logged. */
  Route write(String method, String path, Endpoint endpoint) {
    return Route.write(method, path, request -> endpoint.handle(request).thenApply(response -> {
      if (response.status() < 300) {
        log(request);
      }
      return response;
    }));
  }

  private void log(ApiRequest request) {
    Level level = acl.enabled() ? Level.INFO : Level.DEBUG;
    if (!LOG.isLoggable(level)) {
      return;
    }
    String by = acl.token(request).map(AclToken::accessorId).orElse("anonymous");
    LOG.log(level, request.method() + " " + request.path() + " by token " + by + " from "
        + request.remote().getAddress().getHostAddress());
  }
}
