package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.intValue;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.Instance;
import dev.signpost.core.ServicePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The JSON the store writes: one {@link Change} per journal record and one {@link StoredState} per
 * snapshot. Only the tree model is used; which record a payload becomes is decided by its explicit
 * {@code "type"} field, never by class names in the data.
 *
 * <pre>
 * {"type":"put","index":7,"instance":{...}}
 * {"type":"remove","index":8,"id":"web-1"}
 * {"type":"policy","index":9,"service":"web","policy":{"strategy":"weighted","ttl":10,"answerLimit":3}}
 * {"type":"removePolicy","index":10,"service":"web"}
 * {"format":1,"index":8,"instances":[{...}, ...],"policies":{"web":{...}}}     (snapshot)
 * </pre>
 */
final class JournalCodec {

  static final int SNAPSHOT_FORMAT = 1;

  // Thread-safe once configured; shared by the callers of append() and the writer thread.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JournalCodec() {}

  static byte[] encode(Change change) {
    Objects.requireNonNull(change, "change");
    ObjectNode n = MAPPER.createObjectNode();
    // Pattern matching for switch is still a preview in Java 17; Change is sealed, so these four are all.
    // "type" first, then "index": a journal read in a hex dump says what each record is at once.
    if (change instanceof Change.Put put) {
      n.put("type", "put").put("index", put.index());
      n.set("instance", InstanceCodec.encode(Objects.requireNonNull(put.instance(), "instance")));
    } else if (change instanceof Change.Remove remove) {
      n.put("type", "remove").put("index", remove.index());
      n.put("id", Objects.requireNonNull(remove.instanceId(), "instanceId"));
    } else if (change instanceof Change.PutPolicy put) {
      n.put("type", "policy").put("index", put.index());
      n.put("service", put.service());
      n.set("policy", encode(put.policy()));
    } else {
      Change.RemovePolicy remove = (Change.RemovePolicy) change;
      n.put("type", "removePolicy").put("index", remove.index());
      n.put("service", remove.service());
    }
    return bytes(n);
  }

  static Change decodeChange(byte[] payload) throws CorruptDataException {
    JsonNode n = tree(payload);
    String type = text(n, "type");
    long index = longValue(n, "index");
    return switch (type) {
      case "put" -> new Change.Put(index, InstanceCodec.decode(object(n, "instance")));
      case "remove" -> new Change.Remove(index, text(n, "id"));
      case "policy" -> new Change.PutPolicy(index, text(n, "service"), decodePolicy(object(n, "policy")));
      case "removePolicy" -> new Change.RemovePolicy(index, text(n, "service"));
      default -> throw new CorruptDataException("unknown change type '" + type + "'");
    };
  }

  static byte[] encode(StoredState state) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", SNAPSHOT_FORMAT);
    n.put("index", state.index());
    ArrayNode instances = n.putArray("instances");
    state.instances().forEach(i -> instances.add(InstanceCodec.encode(i)));
    ObjectNode policies = n.putObject("policies");
    state.policies().forEach((service, policy) -> policies.set(service, encode(policy)));
    return bytes(n);
  }

  private static ObjectNode encode(ServicePolicy policy) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("strategy", policy.strategy());
    policy.ttl().ifPresent(ttl -> n.put("ttl", ttl));
    n.put("answerLimit", policy.answerLimit());
    return n;
  }

  private static ServicePolicy decodePolicy(JsonNode n) throws CorruptDataException {
    try {
      OptionalLong ttl = n.has("ttl") ? OptionalLong.of(longValue(n, "ttl")) : OptionalLong.empty();
      return new ServicePolicy(text(n, "strategy"), ttl, intValue(n, "answerLimit"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("policy is not valid: " + e.getMessage(), e);
    }
  }

  static StoredState decodeSnapshot(byte[] json) throws CorruptDataException {
    JsonNode n = tree(json);
    int format = intValue(n, "format");
    if (format != SNAPSHOT_FORMAT) {
      throw new CorruptDataException("snapshot format " + format + " is not supported (expected "
          + SNAPSHOT_FORMAT + ")");
    }
    List<Instance> instances = new ArrayList<>();
    for (JsonNode i : array(n, "instances")) {
      instances.add(InstanceCodec.decode(i));
    }
    Map<String, ServicePolicy> policies = new HashMap<>();
    if (n.has("policies")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "policies").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        policies.put(e.getKey(), decodePolicy(e.getValue()));
      }
    }
    try {
      return new StoredState(longValue(n, "index"), instances, policies);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(e.getMessage(), e);
    }
  }

  private static JsonNode tree(byte[] json) throws CorruptDataException {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new CorruptDataException("not valid JSON: " + firstLine(e.getMessage()), e);
    }
    if (n == null || !n.isObject()) {
      throw new CorruptDataException("not a JSON object");
    }
    return n;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serializes; reaching this is a bug, not bad input.
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
