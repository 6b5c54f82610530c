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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSON the store writes: one {@link Change} per journal record and one {@link StoredState} per
 * snapshot. Only the tree model is used; which record a payload becomes is decided by its explicit
 * {@code "type"} field, never by class names in the data.
 *
 * <pre>
 * {"type":"put","index":7,"instance":{...}}
 * {"type":"remove","index":8,"id":"web-1"}
 * {"format":1,"index":8,"instances":[{...}, ...]}     (snapshot)
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
    // Pattern matching for switch is still a preview in Java 17; Change is sealed, so these two are all.
    if (change instanceof Change.Put put) {
      n.put("type", "put");
      n.put("index", put.index());
      n.set("instance", InstanceCodec.encode(Objects.requireNonNull(put.instance(), "instance")));
    } else {
      Change.Remove remove = (Change.Remove) change;
      n.put("type", "remove");
      n.put("index", remove.index());
      n.put("id", Objects.requireNonNull(remove.instanceId(), "instanceId"));
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
      default -> throw new CorruptDataException("unknown change type '" + type + "'");
    };
  }

  static byte[] encode(StoredState state) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", SNAPSHOT_FORMAT);
    n.put("index", state.index());
    ArrayNode instances = n.putArray("instances");
    state.instances().forEach(i -> instances.add(InstanceCodec.encode(i)));
    return bytes(n);
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
    try {
      return new StoredState(longValue(n, "index"), instances);
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
