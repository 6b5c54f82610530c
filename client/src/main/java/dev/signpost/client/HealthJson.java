package dev.signpost.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.Tiers;
import dev.signpost.balance.breaker.PassiveCheckIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GET /v1/health/service/{name}}: Consul's {@code ServiceEntry} array, of which the client keeps
 * each {@code Service} (the node's address when the service has none, as Consul's clients do) whose
 * {@code Checks} all pass, as {@code ?passing} would, and also each one whose only check that does not pass is
 * its passive-health check in {@code warning}: its breaker on the server is half-open, and only calls can
 * close it, so the client keeps it, not passing (last tier, trial calls only). Unknown fields are ignored; a
 * missing or mistyped field the client needs makes the whole answer unusable, so the last good list stays.
 */
final class HealthJson {

  private HealthJson() {}

  static List<ServiceInstance> parse(ObjectMapper mapper, byte[] body) throws IOException {
    JsonNode root = mapper.readTree(body);
    if (root == null || !root.isArray()) {
      throw new IOException("the health API did not answer a JSON array");
    }
    List<ServiceInstance> instances = new ArrayList<>(root.size());
    for (int k = 0; k < root.size(); k++) {
      JsonNode entry = root.get(k);
      Health health = health(entry);
      if (health != Health.OUT) {
        instances.add(entry(entry, k, health == Health.PASSING));
      }
    }
    return List.copyOf(instances);
  }

  /** What an entry's checks make of it for the client. */
  private enum Health { PASSING, HALF_OPEN, OUT }

  private static Health health(JsonNode entry) {
    Health health = Health.PASSING;
    for (JsonNode check : entry.path("Checks")) {
      String status = check.path("Status").asText();
      if ("warning".equals(status) && PassiveCheckIds.is(check.path("CheckID").asText())) {
        health = Health.HALF_OPEN;
      } else if (!"passing".equals(status)) {
        return Health.OUT;
      }
    }
    return health;
  }

  private static ServiceInstance entry(JsonNode entry, int k, boolean passing) throws IOException {
    JsonNode service = entry.path("Service");
    if (!service.isObject()) {
      throw new IOException("[" + k + "].Service is missing");
    }
    String id = text(service, "ID", k);
    String address = service.path("Address").asText("");
    if (address.isEmpty()) {
      address = entry.path("Node").path("Address").asText("");
    }
    JsonNode port = service.path("Port");
    if (!port.canConvertToInt()) {
      throw new IOException("[" + k + "].Service.Port is missing or not an integer");
    }
    JsonNode weights = service.path("Weights");
    int weight = passing ? weights.path("Passing").asInt(1) : weights.path("Warning").asInt(1);
    Map<String, String> meta = new HashMap<>();
    service.path("Meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
    List<String> tags = new ArrayList<>();
    service.path("Tags").forEach(t -> tags.add(t.asText()));
    String zone = Tiers.zoneOf(service.path("Locality").path("Zone").asText(""), meta);
    try {
      return new ServiceInstance(id, text(service, "Service", k), address, port.asInt(), tags, meta, zone,
          Math.max(0, weight), passing);
    } catch (IllegalArgumentException e) {
      throw new IOException("[" + k + "]: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, int k) throws IOException {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new IOException("[" + k + "].Service." + field + " is missing");
    }
    return value.asText();
  }
}
