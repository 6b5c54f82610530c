package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.HostAddresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a Consul service definition into an {@link Instance}, applying Consul's defaults ({@code ID} is
 * the name, no address means the caller's). Field validation is core's: its records throw
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
    // The instance's status is the health engine's to decide (from the checks and their initial Status);
    // the API only carries the definition.
    return new Instance(id, service, address, port(definition.port()), noNulls("Tags", definition.tags()),
        definition.meta(), weights(definition.weights()), locality(definition.locality()), checks,
        HealthStatus.PASSING, 0, 0);
  }

  private static int port(Long port) {
    if (port == null) {
      return 0;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Port must be between 0 and 65535, got " + port);
    }
    return port.intValue();
  }

  private static Weights weights(WeightsJson weights) {
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
      checks.add(check(definition.check(), service, "Check"));
    }
    List<CheckDefinitionJson> listed = definition.checks() == null ? List.of() : definition.checks();
    for (int i = 0; i < listed.size(); i++) {
      String where = "Checks[" + i + "]";
      if (listed.get(i) == null) {
        throw new IllegalArgumentException(where + " is null");
      }
      try {
        checks.add(check(listed.get(i), service, where));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return checks;
  }

  private static CheckSpec check(CheckDefinitionJson c, ServiceName service, String where) {
    String unsupported = c.unsupportedKind();
    if (unsupported != null) {
      throw new IllegalArgumentException(
          "Check." + unsupported + " is not supported: Signpost checks are HTTP, TCP or TTL");
    }
    String name = isEmpty(c.name()) ? "Service '" + service.value() + "' check" : c.name();
    return new CheckSpec(c.checkId(), name, c.notes(), c.http(), c.method(), header(c.header()),
        Boolean.TRUE.equals(c.tlsSkipVerify()), c.tcp(), c.ttl(), c.interval(), c.timeout(), status(c.status()),
        orZero(c.successBeforePassing()), orZero(c.failuresBeforeWarning()), orZero(c.failuresBeforeCritical()),
        c.deregisterCriticalServiceAfter());
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

  private static List<String> noNulls(String field, List<String> values) {
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
