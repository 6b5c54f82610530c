package dev.signpost.admin.consul;

import dev.signpost.admin.DnsSettings;
import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/signpost/services} (Signpost's own): each service the token may read, with its instances counted
 * by status and its DNS policy as applied, in one answer, where Consul's API would take a request per service and
 * does not know the policy. Blocking queries work, as on the catalog.
 */
final class ServiceSummaryResource {

  private final ServiceDiscovery discovery;
  private final ServerOperations operations;
  private final AclGate acl;

  ServiceSummaryResource(ServiceDiscovery discovery, ServerOperations operations, AclGate acl) {
    this.discovery = discovery;
    this.operations = operations;
    this.acl = acl;
  }

  ApiResponse services(ApiRequest request) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    Optional<DnsSettings> dns = operations.dnsSettings();
    List<ServiceSummaryJson.Service> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> service : discovery.services().entrySet()) {
      String name = service.getKey();
      if (!readable.service(name)) {
        continue;
      }
      Map<HealthStatus, Integer> counts = new EnumMap<>(HealthStatus.class);
      List<Instance> instances = discovery.find(name);
      instances.forEach(i -> counts.merge(i.status(), 1, Integer::sum));
      ServicePolicy policy = discovery.policy(name);
      Long ttl = policy.ttl().isPresent() ? Long.valueOf(policy.ttl().getAsLong())
          : dns.map(DnsSettings::ttl).orElse(null);
      out.add(new ServiceSummaryJson.Service(name, service.getValue(), instances.size(),
          counts.getOrDefault(HealthStatus.PASSING, 0), counts.getOrDefault(HealthStatus.WARNING, 0),
          counts.getOrDefault(HealthStatus.CRITICAL, 0), counts.getOrDefault(HealthStatus.MAINTENANCE, 0),
          policy.strategy(), ttl, discovery.answerLimit(policy), discovery.storedPolicy(name).isPresent()));
    }
    return readable.mark(ApiResponse.json(new ServiceSummaryJson(dns.map(DnsSettings::domain).orElse(null), out)));
  }
}
