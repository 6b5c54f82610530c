package dev.signpost.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SRV priority tiers, applied after whatever strategy ordered the instances: passing instances in the
 * client's zone (1), passing ones elsewhere (2), and the rest (3: warning instances, and critical ones
 * served only because the service fails open). Clients that honour SRV priority then never leave a tier
 * while a better one answers, whichever strategy is configured.
 */
public final class Tiers {

  /** The instance meta key that names a zone when {@code Locality.Zone} is not set. */
  public static final String ZONE_META_KEY = "zone";

  private Tiers() {}

  /**
   * An instance's zone: {@code Locality.Zone} when set, else its {@code zone} meta value when set, else
   * {@code ""}. One rule for the server's registry and the Java client, which read the same two fields.
   */
  public static String zoneOf(String localityZone, Map<String, String> meta) {
    if (localityZone != null && !localityZone.isEmpty()) {
      return localityZone;
    }
    String zone = meta.get(ZONE_META_KEY);
    return zone == null ? "" : zone;
  }

  /** Whether the instance counts as local for this client; everything is local to a client without a zone. */
  public static boolean local(Endpoint i, Client c) {
    return c.zone().isEmpty() || c.zone().get().equalsIgnoreCase(i.zone());
  }

  /** 1 for a passing local instance, 2 for a passing one elsewhere, 3 for anything else. */
  public static int priority(Endpoint i, Client c) {
    if (!i.passing()) {
      return 3;
    }
    return local(i, c) ? 1 : 2;
  }

  /**
   * The instances by tier, keeping the strategy's order within each tier: {@code ordered} itself when all
   * are in one tier (the common case, and every query asks), else a new list.
   */
  public static <T extends Endpoint> List<T> arrange(List<T> ordered, Client c) {
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
    List<T> arranged = new ArrayList<>(n);
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
