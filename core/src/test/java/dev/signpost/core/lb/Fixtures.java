package dev.signpost.core.lb;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Instances and clients for the strategy tests. */
final class Fixtures {

  private Fixtures() {}

  static Instance instance(String id) {
    return instance("web", id);
  }

  static Instance instance(String service, String id) {
    return Instance.of(id, service, "10.0.0.1", 80, List.of());
  }

  /** {@code i0 … i(n-1)} of service {@code web}. */
  static List<Instance> instances(int n) {
    List<Instance> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      list.add(instance("i" + k));
    }
    return List.copyOf(list);
  }

  static Instance weighted(String id, int passing) {
    return full(id, Map.of(), new Weights(passing, 1), Locality.NONE);
  }

  static Instance inZone(String id, String zone) {
    return full(id, Map.of(), Weights.DEFAULT, new Locality("r", zone));
  }

  static Instance withMetaZone(String id, String zone) {
    return full(id, Map.of("zone", zone), Weights.DEFAULT, Locality.NONE);
  }

  static Instance full(String id, Map<String, String> meta, Weights weights, Locality locality) {
    return new Instance(id, ServiceName.of("web"), "10.0.0.1", 80, List.of(), meta, weights, locality,
        List.of(), InstanceHealth.NONE, 0, 0);
  }

  /** The same instance in the given state: a TTL check reports it, or maintenance is on. */
  static Instance withStatus(Instance i, HealthStatus status) {
    if (status == HealthStatus.PASSING) {
      return i;
    }
    InstanceHealth health = status == HealthStatus.MAINTENANCE
        ? new InstanceHealth(Map.of(), Optional.of("down for tests"))
        : new InstanceHealth(Map.of("c", new CheckState(status, "")), Optional.empty());
    return new Instance(i.id(), i.service(), i.address(), i.port(), i.tags(), i.meta(), i.weights(),
        i.locality(), List.of(CheckSpec.ttl("c", Duration.ofMinutes(1))), health, 0, 0);
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

  static List<String> ids(List<Instance> instances) {
    return instances.stream().map(Instance::id).toList();
  }
}
