package dev.signpost.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps traffic in the client's zone: instances in that zone first, then the rest, each group rotated
 * round-robin. With no local instance everyone falls back to the others; with no client zone it is plain
 * round-robin. Turns are counted per service and client zone, so that clients of one zone do not share a
 * counter with another zone's clients (alternating queries would otherwise always land on the same turn
 * parity and never rotate).
 */
public final class ZoneAwareStrategy implements LoadBalancingStrategy {

  private final Turns turns = new Turns();

  @Override
  public String name() {
    return "zone-aware";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    if (n < 2) {
      return List.copyOf(healthy);
    }
    String service = healthy.get(0).serviceKey();
    List<T> ordered = new ArrayList<>(n);
    if (client.zone().isEmpty()) {
      Turns.addRotated(healthy, turns.next(service, client), ordered);
      return ordered;
    }
    String zone = client.zone().get();
    List<T> local = new ArrayList<>();
    List<T> others = new ArrayList<>();
    for (T i : healthy) {
      boolean here = zone.equalsIgnoreCase(i.zone());
      (here ? local : others).add(i);
    }
    long turn = turns.next(service + '\0' + zone.toLowerCase(Locale.ROOT), client);
    Turns.addRotated(local, turn, ordered);
    Turns.addRotated(others, turn, ordered);
    return ordered;
  }
}
