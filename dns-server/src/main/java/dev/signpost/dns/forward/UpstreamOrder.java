package dev.signpost.dns.forward;

import dev.signpost.core.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order upstreams are tried in: as configured, except that one which recently timed out or failed
 * goes to the back for a while, so that later queries do not each wait out its timeout first. It is
 * still tried last, and an answer from it ends its time at the back.
 */
final class UpstreamOrder {

  private final List<Upstream> configured;
  private final TimeSource time;
  private final long penaltyNanos;
  private final ConcurrentHashMap<Upstream, Long> backUntil = new ConcurrentHashMap<>();

  UpstreamOrder(List<Upstream> configured, TimeSource time, long penaltyNanos) {
    this.configured = List.copyOf(configured);
    this.time = time;
    this.penaltyNanos = penaltyNanos;
  }

  List<Upstream> current() {
    if (backUntil.isEmpty()) { // the common case costs one read
      return configured;
    }
    long now = time.nanoTime();
    List<Upstream> order = new ArrayList<>(configured.size());
    List<Upstream> back = new ArrayList<>(configured.size());
    for (Upstream u : configured) {
      Long until = backUntil.get(u);
      if (until == null) {
        order.add(u);
      } else if (now - until >= 0) {
        backUntil.remove(u, until);
        order.add(u);
      } else {
        back.add(u);
      }
    }
    order.addAll(back);
    return order;
  }

  void failed(Upstream upstream) {
    backUntil.put(upstream, time.nanoTime() + penaltyNanos);
  }

  void answered(Upstream upstream) {
    if (!backUntil.isEmpty()) {
      backUntil.remove(upstream);
    }
  }
}
