package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.HostAddresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a Consul service definition into an {@link Instance}, and a check definition registered alone
 * into a {@link CheckSpec}, applying Consul's defaults ({@code ID} is the name, no address means the
 * caller's). Both kinds of check go through one mapping. Field validation is core's: its records throw
 * {@link IllegalArgumentException}s that name the field, which the API returns as 400s. This class only
 * checks what core cannot see (missing fields, nulls inside lists, check kinds Signpost lacks).
 */
final class ServiceDefinitionMapper {

  Instance toInstance(ServiceDefinitionJson definition, InetAddress caller) {
    if (definition == null) {
      throw ApiException.badRequest("request body is empty: expected a service definition");
    }
    if (definition.name() == null || definition.name().isEmpty()) {
      throw new IllegalArgumentException("Name is missing");
    }
    ServiceName service = ServiceName.of(definition.name());
    String id = isEmpty(definition.id()) ? definition.name() : definition.id();
    String address = isEmpty(definition.address()) ? HostAddresses.text(caller) : definition.address();
    List<CheckSpec> checks = checks(definition, service);
    // Health is the health engine's to decide: each check starts in its initial Status.
    return new Instance(id, service, address, port(definition.port()), noNulls("Tags", definition.tags()),
        definition.meta(), weights(definition.weights()), locality(definition.locality()), checks,
        InstanceHealth.NONE, 0, 0);
  }

  /**
   * A check registered alone ({@code PUT /v1/agent/check/register}). As in Consul, {@code Name} is required
   * and {@code ID} defaults to it; unlike Consul, {@code ServiceID} is required too.
   */
  CheckSpec toCheck(CheckDefinitionJson definition) {
    if (definition == null) {
      throw ApiException.badRequest("request body is empty: expected a check definition");
    }
    if (isEmpty(definition.name())) {
      throw new IllegalArgumentException("Name is missing");
    }
    if (isEmpty(definition.serviceId())) {
      throw new IllegalArgumentException("ServiceID is missing: Signpost attaches every check to a service "
          + "instance and has no node-level checks");
    }
    String id = isEmpty(definition.checkId()) ? definition.name() : definition.checkId();
    return check(definition, definition.name()).withCheckId(id);
  }

  /** {@code Port}: 0 when absent, else a port number. */
  static int port(Long port) {
    if (port == null) {
      return 0;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Port must be between 0 and 65535, got " + port);
    }
    return port.intValue();
  }

  /** {@code Weights}: each missing number takes its default. */
  static Weights weights(WeightsJson weights) {
    if (weights == null) {
      return Weights.DEFAULT;
    }
    // A missing number takes its default, so {"Passing": 10} means what its author meant.
    return new Weights(Objects.requireNonNullElse(weights.passing(), 1),
        Objects.requireNonNullElse(weights.warning(), 1));
  }

  private static Locality locality(LocalityJson locality) {
    return locality == null ? Locality.NONE : new Locality(locality.region(), locality.zone());
  }

  private static List<CheckSpec> checks(ServiceDefinitionJson definition, ServiceName service) {
    List<CheckSpec> checks = new ArrayList<>();
    if (definition.check() != null) {
      checks.add(check(definition.check(), defaultName(service)));
    }
    List<CheckDefinitionJson> listed = definition.checks() == null ? List.of() : definition.checks();
    for (int i = 0; i < listed.size(); i++) {
      String where = "Checks[" + i + "]";
      if (listed.get(i) == null) {
        throw new IllegalArgumentException(where + " is null");
      }
      try {
        checks.add(check(listed.get(i), defaultName(service)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return checks;
  }

  /** Consul's name for a service's check registered without one. */
  private static String defaultName(ServiceName service) {
    return "Service '" + service.value() + "' check";
  }

  private static CheckSpec check(CheckDefinitionJson c, String defaultName) {
    String unsupported = c.unsupportedKind();
    if (unsupported != null) {
      throw new IllegalArgumentException(
          "Check." + unsupported + " is not supported: Signpost checks are HTTP, TCP or TTL");
    }
    String name = isEmpty(c.name()) ? defaultName : c.name();
    return new CheckSpec(c.checkId(), name, c.notes(), c.http(), c.method(), header(c.header()),
        Boolean.TRUE.equals(c.tlsSkipVerify()), c.tcp(), c.ttl(), c.interval(), c.timeout(), status(c.status()),
        orZero(c.successBeforePassing()), orZero(c.failuresBeforeWarning()), orZero(c.failuresBeforeCritical()),
        c.deregisterCriticalServiceAfter(), Boolean.TRUE.equals(c.disableRedirects()));
  }

  private static HealthStatus status(String status) {
    if (isEmpty(status)) {
      return null; // core's default: critical until the first result
    }
    try {
      return HealthStatus.fromWireName(status);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Check.Status must be passing, warning or critical, got \"" + status + "\"", e);
    }
  }

  private static Map<String, List<String>> header(Map<String, List<String>> header) {
    if (header == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> e : header.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("Check.Header." + e.getKey() + " is null; use a list of strings");
      }
      noNulls("Check.Header." + e.getKey(), e.getValue());
    }
    return header;
  }

  static List<String> noNulls(String field, List<String> values) {
    if (values == null) {
      return null;
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] is null; use a string");
      }
    }
    return values;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
