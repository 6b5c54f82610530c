package dev.signpost.cluster;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;

/**
 * etcd's client as cluster mode needs it. jetcd's defaults queue a request while no member is connected and
 * send it whenever one comes back, with no deadline: a write answered 503 after {@code --etcd-timeout} would
 * then be made minutes later. So requests fail at once while no member can be reached
 * ({@code waitForReady(false)}), and jetcd's own retries end with the timeout. Those retries are what carry
 * a write through an etcd leader's death: the request in flight times out on the server after about 7 s
 * ("request timed out, possibly due to previous leader failure") and is sent again to the new leader; one
 * whose member's connection closed under it is sent again by {@link LostConnectionRetry}. A
 * retried transaction is safe: it is guarded by the revisions it was decided on, so one that was made
 * the first time fails its guard the second, and the registry decides again.
 */
public final class EtcdClients {

  /** Large enough for a page of a thousand instances with long metadata, and for etcd's default 1.5 MiB values. */
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private EtcdClients() {}

  /**
   * @param endpoints every member's client URL
   * @param timeout how long a request may take ({@code --etcd-timeout})
   */
  public static Client connect(List<String> endpoints, Duration timeout) {
    return Client.builder().endpoints(endpoints.toArray(String[]::new))
        .waitForReady(false)
        .retryMaxDuration(timeout)
        .connectTimeout(timeout.dividedBy(2))
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build();
  }
}
