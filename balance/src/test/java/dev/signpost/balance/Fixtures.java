package dev.signpost.balance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Instances and clients for the strategy tests. */
final class Fixtures {

  private Fixtures() {}

  /** The least an instance is to a strategy: what {@link Endpoint} says of it. */
  record Node(String id, String serviceKey, int currentWeight, String zone, boolean passing) implements Endpoint {

    /** This instance not passing (warning, critical or in maintenance) with the weight of that state. */
    Node failing(int weight) {
      return new Node(id, serviceKey, weight, zone, false);
    }
  }

  static Node instance(String id) {
    return instance("web", id);
  }

  static Node instance(String service, String id) {
    return new Node(id, service, 1, "", true);
  }

  /** {@code i0 … i(n-1)} of service {@code web}. */
  static List<Node> instances(int n) {
    List<Node> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      list.add(instance("i" + k));
    }
    return List.copyOf(list);
  }

  static Node weighted(String id, int weight) {
    return new Node(id, "web", weight, "", true);
  }

  static Node inZone(String id, String zone) {
    return new Node(id, "web", 1, zone, true);
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  static Client client(String ip) {
    return new Client(ip(ip));
  }

  static Client client(String ip, String zone) {
    return new Client(ip(ip), Optional.of(zone));
  }

  static List<String> ids(List<? extends Endpoint> instances) {
    return instances.stream().map(Endpoint::id).toList();
  }
}
