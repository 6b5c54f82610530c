package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.Endpoint;
import dev.signpost.admin.http.Route;
import dev.signpost.core.ChangeOrigin;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclToken;
import java.lang.System.Logger.Level;

/**
 * Names who made each change the API makes: the accessor id of the token that made it (never its secret;
 * {@code anonymous} without one) and the caller's address, captured when the write is decided
 * ({@link ServiceDiscovery#as}) and carried to the registry's event, so the event history's entry and its one
 * log line (logger {@code dev.signpost.events}) say it. A write that announces no registry event (ACL tokens
 * and policies, keys, a reload) is logged here instead, once, after it succeeded: logger
 * {@code dev.signpost.admin.audit}, INFO with ACLs on; DEBUG with them off. TTL heartbeats
 * ({@code check/pass|warn|fail|update}) are health results: their entries name their check.
 */
final class Audit {

  private static final System.Logger LOG = System.getLogger("dev.signpost.admin.audit");

  private final ServiceDiscovery discovery;
  private final AclGate acl;

  Audit(ServiceDiscovery discovery, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
  }

  /** {@link Route#write}, its changes made on behalf of the caller, and logged when no event names them. */
  Route write(String method, String path, Endpoint endpoint) {
    return Route.write(method, path, request -> {
      ChangeOrigin origin = ChangeOrigin.api(acl.token(request).map(AclToken::accessorId).orElse(null),
          request.remote().getAddress().getHostAddress());
      return discovery.as(origin, () -> endpoint.handle(request)).thenApply(response -> {
        if (response.status() < 300 && !origin.announced()) {
          log(request, origin);
        }
        return response;
      });
    });
  }

  private void log(ApiRequest request, ChangeOrigin origin) {
    Level level = acl.enabled() ? Level.INFO : Level.DEBUG;
    if (LOG.isLoggable(level)) {
      LOG.log(level, request.method() + " " + request.path() + " by " + origin.by());
    }
  }
}
