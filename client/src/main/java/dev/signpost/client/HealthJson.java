package dev.signpost.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.Tiers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GET /v1/health/service/{name}}: Consul's {@code ServiceEntry} array, of which the client keeps
 * each {@code Service} (the node's address when the service has none, as Consul's clients do) and whether its
 * {@code Checks} all pass. Unknown fields are ignored; a missing or mistyped field the client needs makes the
 * whole answer unusable, so the last good list stays.
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
      instances.add(entry(root.get(k), k));
    }
    return List.copyOf(instances);
  }

  private static ServiceInstance entry(JsonNode entry, int k) throws IOException {
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
    boolean passing = true;
    for (JsonNode check : entry.path("Checks")) {
      passing &= "passing".equals(check.path("Status").asText());
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
