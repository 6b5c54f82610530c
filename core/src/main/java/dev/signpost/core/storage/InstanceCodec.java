package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.bool;
import static dev.signpost.core.storage.JsonFields.intValue;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;
import static dev.signpost.core.storage.JsonFields.textOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@link Instance} and {@link CheckSpec} to JSON trees and back, field by field. Written by hand so
 * the stored format is spelled out here and never follows a rename in the core records by accident.
 * Durations are ISO-8601 strings ({@code PT1.5S}): exact to the nanosecond and readable in a hex dump.
 */
final class InstanceCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private InstanceCodec() {}

  static ObjectNode encode(Instance i) {
    ObjectNode n = NODES.objectNode();
    n.put("id", i.id());
    n.put("service", i.service().value());
    n.put("address", i.address());
    n.put("port", i.port());
    ArrayNode tags = n.putArray("tags");
    i.tags().forEach(tags::add);
    ObjectNode meta = n.putObject("meta");
    i.meta().forEach(meta::put);
    ObjectNode weights = n.putObject("weights");
    weights.put("passing", i.weights().passing());
    weights.put("warning", i.weights().warning());
    ObjectNode locality = n.putObject("locality");
    locality.put("region", i.locality().region());
    locality.put("zone", i.locality().zone());
    ArrayNode checks = n.putArray("checks");
    i.checks().forEach(c -> checks.add(encode(c)));
    ObjectNode states = n.putObject("checkStates");
    i.health().checks().forEach((id, state) -> {
      ObjectNode st = states.putObject(id);
      st.put("status", state.status().wireName());
      st.put("output", state.output());
    });
    i.health().maintenance().ifPresent(reason -> n.put("maintenance", reason));
    n.put("createIndex", i.createIndex());
    n.put("modifyIndex", i.modifyIndex());
    return n;
  }

  static Instance decode(JsonNode n) throws CorruptDataException {
    List<String> tags = new ArrayList<>();
    for (JsonNode t : array(n, "tags")) {
      tags.add(textOf(t, "a tag"));
    }
    // LinkedHashMap: Instance keeps meta in the order it was registered, so the journal must too.
    Map<String, String> meta = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "meta").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      meta.put(e.getKey(), textOf(e.getValue(), "meta value '" + e.getKey() + "'"));
    }
    JsonNode w = object(n, "weights");
    JsonNode l = object(n, "locality");
    List<CheckSpec> checks = new ArrayList<>();
    for (JsonNode c : array(n, "checks")) {
      checks.add(decodeCheck(c));
    }
    try {
      return new Instance(text(n, "id"), ServiceName.of(text(n, "service")), text(n, "address"),
          intValue(n, "port"), tags, meta, new Weights(intValue(w, "passing"), intValue(w, "warning")),
          new Locality(text(l, "region"), text(l, "zone")), checks, health(n, checks),
          longValue(n, "createIndex"), longValue(n, "modifyIndex"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("instance is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * The check states and maintenance. Journals written before check states existed hold one
   * {@code status} for the whole instance instead: each check then starts from it.
   */
  private static InstanceHealth health(JsonNode n, List<CheckSpec> checks) throws CorruptDataException {
    Map<String, CheckState> states = new LinkedHashMap<>();
    if (n.has("checkStates")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "checkStates").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        states.put(e.getKey(), new CheckState(status(text(e.getValue(), "status")), text(e.getValue(), "output")));
      }
    } else if (n.has("status")) {
      HealthStatus legacy = status(text(n, "status"));
      if (legacy != HealthStatus.MAINTENANCE) {
        checks.forEach(c -> states.put(c.checkId(), new CheckState(legacy, "")));
      }
    }
    Optional<String> maintenance = n.hasNonNull("maintenance") ? Optional.of(text(n, "maintenance")) : Optional.empty();
    return new InstanceHealth(states, maintenance);
  }

  private static ObjectNode encode(CheckSpec c) {
    ObjectNode n = NODES.objectNode();
    n.put("checkId", c.checkId());
    n.put("name", c.name());
    n.put("notes", c.notes());
    n.put("http", c.http());
    n.put("method", c.method());
    ObjectNode header = n.putObject("header");
    c.header().forEach((name, values) -> {
      ArrayNode vs = header.putArray(name);
      values.forEach(vs::add);
    });
    n.put("tlsSkipVerify", c.tlsSkipVerify());
    n.put("tcp", c.tcp());
    n.put("ttl", c.ttl().toString());
    n.put("interval", c.interval().toString());
    n.put("timeout", c.timeout().toString());
    n.put("initialStatus", c.initialStatus().wireName());
    n.put("successBeforePassing", c.successBeforePassing());
    n.put("failuresBeforeWarning", c.failuresBeforeWarning());
    n.put("failuresBeforeCritical", c.failuresBeforeCritical());
    n.put("deregisterCriticalServiceAfter", c.deregisterCriticalServiceAfter().toString());
    return n;
  }

  private static CheckSpec decodeCheck(JsonNode n) throws CorruptDataException {
    Map<String, List<String>> header = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "header").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isArray()) {
        throw new CorruptDataException("check header '" + e.getKey() + "' must be an array of strings");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode v : e.getValue()) {
        values.add(textOf(v, "check header value"));
      }
      header.put(e.getKey(), List.copyOf(values));
    }
    try {
      return new CheckSpec(text(n, "checkId"), text(n, "name"), text(n, "notes"), text(n, "http"),
          text(n, "method"), header, bool(n, "tlsSkipVerify"), text(n, "tcp"), duration(n, "ttl"),
          duration(n, "interval"), duration(n, "timeout"), status(text(n, "initialStatus")),
          intValue(n, "successBeforePassing"), intValue(n, "failuresBeforeWarning"),
          intValue(n, "failuresBeforeCritical"), duration(n, "deregisterCriticalServiceAfter"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("check is not valid: " + e.getMessage(), e);
    }
  }

  private static Duration duration(JsonNode n, String field) throws CorruptDataException {
    String s = text(n, field);
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw new CorruptDataException("field '" + field + "' is not an ISO-8601 duration: '" + s + "'", e);
    }
  }

  private static HealthStatus status(String wireName) throws CorruptDataException {
    try {
      return HealthStatus.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(e.getMessage(), e);
    }
  }
}
