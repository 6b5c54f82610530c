package dev.signpost.dns.launcher;

import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;

/**
 * {@code --acl-initial-management-token}: makes sure a management token with that secret exists before the
 * API opens, as Consul's {@code initial_management} does; stored like any token, so it stays after the flag
 * is taken off.
 */
final class InitialManagementToken {

  private static final System.Logger LOG = System.getLogger(InitialManagementToken.class.getName());

  private InitialManagementToken() {}

  static void ensure(ServiceDiscovery discovery, String secret, Clock clock) {
    var existing = discovery.acl().tokenBySecret(secret);
    if (existing.isPresent()) {
      if (!existing.get().management()) {
        LOG.log(Level.WARNING, "the initial management token's secret belongs to token "
            + existing.get().accessorId() + ", which is not a management token; it was left as it is");
      }
      return;
    }
    AclToken token = new AclToken(AclIds.random(), AclToken.hash(secret), "Initial Management Token",
        List.of(AclPolicy.GLOBAL_MANAGEMENT_ID), false, clock.instant(), 0, 0);
    AclToken stored = discovery.acl().putToken(token).toCompletableFuture().join();
    LOG.log(Level.INFO, "created the initial management token, accessor " + stored.accessorId());
  }
}
