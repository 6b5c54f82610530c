package dev.signpost.dns.launcher;

import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.storage.StoreException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * {@code --acl-initial-management-token}: makes sure a management token with that secret exists before the
 * API opens, as Consul's {@code initial_management} does; stored like any token, so it stays after the flag
 * is taken off.
 *
 * <p>Its accessor id is derived from the secret's hash, so cluster nodes started with the same flag at once
 * write the same token rather than one each. A node that starts while its shared store is unreachable (etcd,
 * in cluster mode) must still start and serve what it has: it tries again in the background until the token
 * is stored.
 */
final class InitialManagementToken {

  private static final System.Logger LOG = System.getLogger(InitialManagementToken.class.getName());
  private static final long RETRY_MILLIS = 2000;

  private InitialManagementToken() {}

  static void ensure(ServiceDiscovery discovery, String secret) {
    try {
      ensureOnce(discovery, secret);
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof StoreException refused) || refused.kind() == StoreException.Kind.OTHER) {
        throw e;
      }
      LOG.log(Level.WARNING, "the initial management token is not stored yet (" + refused.getMessage()
          + "); trying again every " + RETRY_MILLIS / 1000 + " s");
      Thread retry = new Thread(() -> retry(discovery, secret), "signpost-initial-token");
      retry.setDaemon(true);
      retry.start();
    }
  }

  private static void retry(ServiceDiscovery discovery, String secret) {
    while (true) {
      try {
        Thread.sleep(RETRY_MILLIS);
        ensureOnce(discovery, secret);
        return;
      } catch (InterruptedException e) {
        return;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof StoreException refused) || refused.kind() == StoreException.Kind.OTHER) {
          LOG.log(Level.ERROR, "the initial management token could not be stored: " + e.getCause().getMessage());
          return; // closed, or a refusal that will not change
        }
      }
    }
  }

  private static void ensureOnce(ServiceDiscovery discovery, String secret) {
    var existing = discovery.acl().tokenBySecret(secret);
    if (existing.isPresent()) {
      if (!existing.get().management()) {
        LOG.log(Level.WARNING, "the initial management token's secret belongs to token "
            + existing.get().accessorId() + ", which is not a management token; it was left as it is");
      }
      return;
    }
    AclToken token = new AclToken(accessorId(secret), AclToken.hash(secret), "Initial Management Token",
        List.of(AclPolicy.GLOBAL_MANAGEMENT_ID), false, discovery.time().now(), 0, 0);
    AclToken stored = discovery.acl().putToken(token).toCompletableFuture().join();
    LOG.log(Level.INFO, "created the initial management token, accessor " + stored.accessorId());
  }

  /** The same for every node given the same secret; it reveals no more of the secret than its stored hash. */
  static String accessorId(String secret) {
    return UUID.nameUUIDFromBytes(AclIds.sha256("signpost-initial-management/" + secret)).toString();
  }
}
