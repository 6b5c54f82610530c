package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.KvEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key/value store's entries as the journal and snapshot hold them; the value in base64 (it is any bytes),
 * the flags as the signed 64-bit integer that holds Consul's unsigned one:
 *
 * <pre>
 * {"key":"config/web/port","value":"ODA4MA==","flags":0,"createIndex":12,"modifyIndex":15}
 * {"type":"keyTransaction","index":16,"writes":[{"entry":{…}},{"remove":"config/web/old"}]}
 * [{…}, …]     (a snapshot's "keys")
 * </pre>
 */
final class KvCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KvCodec() {}

  static ObjectNode encode(KvEntry e) {
    ObjectNode n = NODES.objectNode();
    n.put("key", e.key()).put("value", Base64.getEncoder().encodeToString(e.value())).put("flags", e.flags());
    n.put("createIndex", e.createIndex()).put("modifyIndex", e.modifyIndex());
    return n;
  }

  static KvEntry decode(JsonNode n) throws CorruptDataException {
    try {
      return new KvEntry(text(n, "key"), Base64.getDecoder().decode(text(n, "value")), longValue(n, "flags"),
          longValue(n, "createIndex"), longValue(n, "modifyIndex"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("key/value entry is not valid: " + e.getMessage(), e);
    }
  }

  /** A transaction's writes: each {@code {"entry":{…}}} for a set or {@code {"remove":"key"}} for a delete. */
  static ArrayNode encodeWrites(List<Change> writes) {
    ArrayNode a = NODES.arrayNode();
    for (Change w : writes) {
      if (w instanceof Change.PutKey put) {
        a.addObject().set("entry", encode(put.entry()));
      } else {
        a.addObject().put("remove", ((Change.RemoveKey) w).key());
      }
    }
    return a;
  }

  static List<Change> decodeWrites(JsonNode n, long index) throws CorruptDataException {
    List<Change> writes = new ArrayList<>();
    for (JsonNode w : array(n, "writes")) {
      writes.add(w.has("remove") ? new Change.RemoveKey(index, text(w, "remove"))
          : new Change.PutKey(index, decode(object(w, "entry"))));
    }
    return writes;
  }

  static ArrayNode encode(List<KvEntry> entries) {
    ArrayNode a = NODES.arrayNode();
    entries.forEach(e -> a.add(encode(e)));
    return a;
  }

  static List<KvEntry> decodeAll(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isArray()) {
      throw new CorruptDataException("field 'keys' is not an array");
    }
    List<KvEntry> entries = new ArrayList<>();
    for (JsonNode e : n) {
      entries.add(decode(e));
    }
    return entries;
  }
}
