package dev.signpost.core.lb;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SRV priority tiers, applied after whatever strategy ordered the instances: passing instances in the
 * client's zone (1), passing ones elsewhere (2), and the rest (3: warning instances, and critical ones
 * served only because the service fails open). Clients that honour SRV priority then never leave a tier
 * while a better one answers, whichever strategy is configured.
 */
public final class Tiers {

  /** The instance meta key that names a zone when {@code Locality.Zone} is not set. */
  static final String ZONE_META_KEY = "zone";

  private Tiers() {}

  /** The instance's zone: {@code Locality.Zone} when set, else its {@code zone} meta value when set. */
  public static Optional<String> zoneOf(Instance i) {
    String zone = i.locality().zone();
    if (!zone.isEmpty()) {
      return Optional.of(zone);
    }
    return Optional.ofNullable(i.meta().get(ZONE_META_KEY)).filter(z -> !z.isEmpty());
  }

  /** Whether the instance counts as local for this client; everything is local to a client without a zone. */
  public static boolean local(Instance i, Client c) {
    if (c.zone().isEmpty()) {
      return true;
    }
    String clientZone = c.zone().get();
    return zoneOf(i).filter(clientZone::equalsIgnoreCase).isPresent();
  }

  /** 1 for a passing local instance, 2 for a passing one elsewhere, 3 for anything else. */
  public static int priority(Instance i, Client c) {
    if (i.status() != HealthStatus.PASSING) {
      return 3;
    }
    return local(i, c) ? 1 : 2;
  }

  /**
   * The instances by tier, keeping the strategy's order within each tier: {@code ordered} itself when all
   * are in one tier (the common case, and every query asks), else a new list.
   */
  public static List<Instance> arrange(List<Instance> ordered, Client c) {
    int n = ordered.size();
    int[] tiers = new int[n];
    int seen = 0;
    for (int k = 0; k < n; k++) {
      tiers[k] = priority(ordered.get(k), c);
      seen |= 1 << tiers[k];
    }
    if (Integer.bitCount(seen) <= 1) {
      return ordered;
    }
    List<Instance> arranged = new ArrayList<>(n);
    for (int tier = 1; tier <= 3; tier++) {
      for (int k = 0; k < n; k++) {
        if (tiers[k] == tier) {
          arranged.add(ordered.get(k));
        }
      }
    }
    return arranged;
  }
}
