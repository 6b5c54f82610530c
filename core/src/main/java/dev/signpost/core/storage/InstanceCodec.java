package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.bool;
import static dev.signpost.core.storage.JsonFields.intValue;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;
import static dev.signpost.core.storage.JsonFields.textOf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps {@link Instance} and {@link CheckSpec} to JSON trees and back, field by field. Written by hand so
 * the stored format is spelled out here and never follows a rename in the core records by accident.
 * Durations are ISO-8601 strings ({@code PT1.5S}): exact to the nanosecond and readable in a hex dump.
 */
final class InstanceCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> REQUIRED_FIELDS = List.of("tags", "meta", "weights", "locality", "checks", "id",
      "service", "address", "port", "createIndex", "modifyIndex");
  private static final int REQUIRED_BITS = REQUIRED_FIELDS.stream().mapToInt(f -> 1 << fieldBit(f)).sum();
  private static final Map<String, String> REQUIRED_KINDS = Map.ofEntries(Map.entry("tags", "an array"),
      Map.entry("meta", "an object"), Map.entry("weights", "an object"), Map.entry("locality", "an object"),
      Map.entry("checks", "an array"), Map.entry("id", "a string"), Map.entry("service", "a string"),
      Map.entry("address", "a string"), Map.entry("port", "a 32-bit integer"),
      Map.entry("createIndex", "an integer"), Map.entry("modifyIndex", "an integer"));

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
      // Written only when known: values from before it read back without it, as "unknown".
      state.since().ifPresent(at -> st.put("since", at.toString()));
    });
    i.health().maintenance().ifPresent(reason -> n.put("maintenance", reason));
    n.put("createIndex", i.createIndex());
    n.put("modifyIndex", i.modifyIndex());
    if (i.isExternal()) {
      n.put("node", i.node()); // written only for an external node's: journals from before it read back as own
    }
    return n;
  }

  /**
   * Equal values met while decoding many instances, kept once: a million instances of 333,334 services
   * then hold 333,334 {@link ServiceName}s (each checked once), not a million, and short strings that
   * repeat (tags, meta, localities) are one object each. One per snapshot or journal being read.
   */
  static final class SharedValues {

    /** Beyond this many distinct strings, values are unlikely to repeat (meta holding ids): stop keeping them. */
    private static final int MAX_STRINGS = 1 << 16;

    private final Map<String, ServiceName> services = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();

    ServiceName service(String name) {
      ServiceName shared = services.get(name);
      if (shared == null) {
        shared = ServiceName.of(name);
        services.put(name, shared);
      }
      return shared;
    }

    String string(String s) {
      String shared = strings.get(s);
      if (shared != null) {
        return shared;
      }
      if (strings.size() < MAX_STRINGS) {
        strings.put(s, s);
      }
      return s;
    }
  }

  static Instance decode(JsonNode n) throws CorruptDataException {
    return decode(n, new SharedValues());
  }

  static Instance decode(JsonNode n, SharedValues shared) throws CorruptDataException {
    List<String> tags = new ArrayList<>();
    for (JsonNode t : array(n, "tags")) {
      tags.add(shared.string(textOf(t, "a tag")));
    }
    // LinkedHashMap: Instance keeps meta in the order it was registered, so the journal must too.
    Map<String, String> meta = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "meta").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      meta.put(shared.string(e.getKey()),
          shared.string(textOf(e.getValue(), "meta value '" + e.getKey() + "'")));
    }
    JsonNode w = object(n, "weights");
    JsonNode l = object(n, "locality");
    List<CheckSpec> checks = new ArrayList<>();
    for (JsonNode c : array(n, "checks")) {
      checks.add(decodeCheck(c));
    }
    try {
      return new Instance(text(n, "id"), shared.service(text(n, "service")), text(n, "address"),
          intValue(n, "port"), tags, meta, weights(intValue(w, "passing"), intValue(w, "warning")),
          locality(shared.string(text(l, "region")), shared.string(text(l, "zone"))), checks,
          health(n, checks), longValue(n, "createIndex"), longValue(n, "modifyIndex"),
          n.has("node") ? text(n, "node") : "");
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("instance is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one instance straight from a parser standing on its {@code START_OBJECT}, leaving it on the
   * matching {@code END_OBJECT}, with the same checks and messages as {@link #decode(JsonNode, SharedValues)}
   * but without a tree: a snapshot holds a million instances, and trees (with the strict parser's
   * duplicate detection, a hash set per object) made most of the garbage of a start-up. Duplicate fields are
   * refused here instead ({@link JsonStreamFields#once}). Check definitions, rare, are read as trees.
   */
  static Instance decode(JsonParser p, SharedValues shared) throws IOException, CorruptDataException {
    String id = null;
    String service = null;
    String address = null;
    int port = 0;
    List<String> tags = null;
    Map<String, String> meta = null;
    Weights weights = null;
    Locality locality = null;
    List<CheckSpec> checks = null;
    Map<String, CheckState> states = null;
    String legacyStatus = null;
    String maintenance = null;
    long createIndex = 0;
    long modifyIndex = 0;
    String node = "";
    int seen = 0;
    Set<String> unknown = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      int bit = fieldBit(field);
      if (bit < 0) {
        unknown = JsonStreamFields.once(unknown, field);
        p.skipChildren();
        continue;
      }
      seen = JsonStreamFields.once(seen, bit, field);
      switch (field) {
        case "id" -> id = JsonStreamFields.text(p, field);
        case "service" -> service = JsonStreamFields.text(p, field);
        case "address" -> address = JsonStreamFields.text(p, field);
        case "port" -> port = JsonStreamFields.intValue(p, field);
        case "tags" -> tags = tags(p, shared);
        case "meta" -> meta = meta(p, shared);
        case "weights" -> weights = weights(p);
        case "locality" -> locality = locality(p, shared);
        case "checks" -> checks = checks(p);
        case "checkStates" -> states = checkStates(p);
        case "status" -> legacyStatus = JsonStreamFields.text(p, field);
        case "maintenance" -> maintenance = p.currentToken() == JsonToken.VALUE_NULL ? null
            : JsonStreamFields.text(p, field);
        case "createIndex" -> createIndex = JsonStreamFields.longValue(p, field);
        case "modifyIndex" -> modifyIndex = JsonStreamFields.longValue(p, field);
        case "node" -> node = shared.string(JsonStreamFields.text(p, field));
        default -> throw new IllegalStateException("field '" + field + "' has a bit but is not read");
      }
    }
    if ((seen & REQUIRED_BITS) != REQUIRED_BITS) {
      // Missing fields are named in the order the tree code checks them.
      for (String required : REQUIRED_FIELDS) {
        if ((seen & (1 << fieldBit(required))) == 0) {
          throw JsonStreamFields.missing(required, REQUIRED_KINDS.get(required));
        }
      }
    }
    if (states == null) {
      states = Map.of();
      if (legacyStatus != null) {
        // Journals written before check states hold one status for the whole instance: each check starts from
        // it, and "maintenance" was how an instance in maintenance was stored.
        HealthStatus legacy = status(legacyStatus);
        if (legacy == HealthStatus.MAINTENANCE) {
          maintenance = maintenance == null ? InstanceHealth.DEFAULT_MAINTENANCE_REASON : maintenance;
        } else if (!checks.isEmpty()) {
          states = new LinkedHashMap<>();
          for (CheckSpec c : checks) {
            states.put(c.checkId(), new CheckState(legacy, ""));
          }
        }
      }
    }
    InstanceHealth health = states.isEmpty() && maintenance == null ? InstanceHealth.NONE
        : new InstanceHealth(states, Optional.ofNullable(maintenance));
    try {
      return new Instance(id, shared.service(service), address, port, tags, meta, weights, locality, checks,
          health, createIndex, modifyIndex, node);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("instance is not valid: " + e.getMessage(), e);
    }
  }

  /** An instance's field's bit in the set of fields met; -1 for a field the format does not have. */
  private static int fieldBit(String field) {
    return switch (field) {
      case "id" -> 0;
      case "service" -> 1;
      case "address" -> 2;
      case "port" -> 3;
      case "tags" -> 4;
      case "meta" -> 5;
      case "weights" -> 6;
      case "locality" -> 7;
      case "checks" -> 8;
      case "checkStates" -> 9;
      case "status" -> 10;
      case "maintenance" -> 11;
      case "createIndex" -> 12;
      case "modifyIndex" -> 13;
      case "node" -> 14;
      default -> -1;
    };
  }

  private static List<String> tags(JsonParser p, SharedValues shared) throws IOException, CorruptDataException {
    JsonStreamFields.startArray(p, "tags");
    if (p.nextToken() == JsonToken.END_ARRAY) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    do {
      tags.add(shared.string(JsonStreamFields.textOf(p, "a tag")));
    } while (p.nextToken() != JsonToken.END_ARRAY);
    return tags;
  }

  private static Map<String, String> meta(JsonParser p, SharedValues shared) throws IOException, CorruptDataException {
    JsonStreamFields.startObject(p, "meta");
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return Map.of();
    }
    // LinkedHashMap: Instance keeps meta in the order it was registered, so the journal must too.
    Map<String, String> meta = new LinkedHashMap<>();
    do {
      String key = p.currentName();
      p.nextToken();
      if (meta.put(shared.string(key), shared.string(JsonStreamFields.textOf(p, "meta value '" + key + "'"))) != null) {
        throw JsonStreamFields.duplicate(key);
      }
    } while (p.nextToken() == JsonToken.FIELD_NAME);
    return meta;
  }

  /** Reads the value of one field, the parser on it. */
  @FunctionalInterface
  private interface FieldValue<T> {
    T read(JsonParser p, String field) throws IOException, CorruptDataException;
  }

  /**
   * The object {@code name} with its two fields {@code first} and {@code second}, each required once, of
   * {@code kind} (read by {@code value}); other fields are skipped. As the list {first, second}.
   */
  private static <T> List<T> twoFields(JsonParser p, String name, String first, String second, String kind,
      FieldValue<T> value) throws IOException, CorruptDataException {
    JsonStreamFields.startObject(p, name);
    T a = null;
    T b = null;
    int seen = 0;
    Set<String> unknown = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals(first)) {
        seen = JsonStreamFields.once(seen, 0, field);
        a = value.read(p, field);
      } else if (field.equals(second)) {
        seen = JsonStreamFields.once(seen, 1, field);
        b = value.read(p, field);
      } else {
        unknown = JsonStreamFields.once(unknown, field);
        p.skipChildren();
      }
    }
    if (seen != 0b11) {
      throw JsonStreamFields.missing((seen & 1) == 0 ? first : second, kind);
    }
    return Arrays.asList(a, b);
  }

  private static Weights weights(JsonParser p) throws IOException, CorruptDataException {
    List<Integer> w = twoFields(p, "weights", "passing", "warning", "a 32-bit integer", JsonStreamFields::intValue);
    return weights(w.get(0), w.get(1));
  }

  private static Locality locality(JsonParser p, SharedValues shared) throws IOException, CorruptDataException {
    List<String> l = twoFields(p, "locality", "region", "zone", "a string",
        (q, field) -> shared.string(JsonStreamFields.text(q, field)));
    return locality(l.get(0), l.get(1));
  }

  private static List<CheckSpec> checks(JsonParser p) throws IOException, CorruptDataException {
    JsonStreamFields.startArray(p, "checks");
    if (p.nextToken() == JsonToken.END_ARRAY) {
      return List.of();
    }
    List<CheckSpec> checks = new ArrayList<>();
    do {
      checks.add(decodeCheck(JournalCodec.VALUE_READER.readTree(p)));
    } while (p.nextToken() != JsonToken.END_ARRAY);
    return checks;
  }

  /** Check id → {"status", "output"}, in the order written; empty for {@code {}}. */
  private static Map<String, CheckState> checkStates(JsonParser p) throws IOException, CorruptDataException {
    JsonStreamFields.startObject(p, "checkStates");
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return Map.of();
    }
    Map<String, CheckState> states = new LinkedHashMap<>();
    do {
      String checkId = p.currentName();
      p.nextToken();
      JsonNode state = JournalCodec.VALUE_READER.readTree(p);
      if (state == null || !state.isObject()) {
        throw new CorruptDataException("check state '" + checkId + "' must be an object");
      }
      if (states.put(checkId, checkState(state)) != null) {
        throw JsonStreamFields.duplicate(checkId);
      }
    } while (p.nextToken() == JsonToken.FIELD_NAME);
    return states;
  }

  /** {"status", "output", optional "since"}: one check's state. */
  private static CheckState checkState(JsonNode state) throws CorruptDataException {
    Optional<java.time.Instant> since = Optional.empty();
    if (state.hasNonNull("since")) {
      try {
        since = Optional.of(java.time.Instant.parse(text(state, "since")));
      } catch (java.time.format.DateTimeParseException e) {
        throw new CorruptDataException("check state's since is not a time: " + state.get("since"));
      }
    }
    return new CheckState(status(text(state, "status")), text(state, "output"), since);
  }

  // The defaults are what nearly every instance has: one shared object rather than one each.
  private static Weights weights(int passing, int warning) {
    return passing == Weights.DEFAULT.passing() && warning == Weights.DEFAULT.warning() ? Weights.DEFAULT
        : new Weights(passing, warning);
  }

  private static Locality locality(String region, String zone) {
    return region.isEmpty() && zone.isEmpty() ? Locality.NONE : new Locality(region, zone);
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
        states.put(e.getKey(), checkState(e.getValue()));
      }
    }
    Optional<String> maintenance = n.hasNonNull("maintenance") ? Optional.of(text(n, "maintenance")) : Optional.empty();
    if (!n.has("checkStates") && n.has("status")) {
      HealthStatus legacy = status(text(n, "status"));
      if (legacy == HealthStatus.MAINTENANCE) {
        // Then an instance in maintenance said so with its status alone, without a reason.
        maintenance = maintenance.or(() -> Optional.of(InstanceHealth.DEFAULT_MAINTENANCE_REASON));
      } else {
        checks.forEach(c -> states.put(c.checkId(), new CheckState(legacy, "")));
      }
    }
    return states.isEmpty() && maintenance.isEmpty() ? InstanceHealth.NONE : new InstanceHealth(states, maintenance);
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
    if (c.disableRedirects()) {
      n.put("disableRedirects", true); // written only when set: journals from before it read back as false
    }
    if (c.external()) {
      n.put("external", true); // likewise
    }
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
          intValue(n, "failuresBeforeCritical"), duration(n, "deregisterCriticalServiceAfter"),
          n.has("disableRedirects") && bool(n, "disableRedirects"), n.has("external") && bool(n, "external"));
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
