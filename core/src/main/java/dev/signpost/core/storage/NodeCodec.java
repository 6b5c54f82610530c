package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;
import static dev.signpost.core.storage.JsonFields.textOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.CatalogNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * External catalog nodes as the journal and snapshot hold them, and a catalog transaction's writes:
 *
 * <pre>
 * {"name":"db1","id":"","address":"10.0.0.5","taggedAddresses":{"wan":"198.18.0.5"},"meta":{"rack":"r1"},
 *  "createIndex":3,"modifyIndex":3}
 * [{...}, ...]     (a snapshot's "nodes")
 * {"type":"catalogTransaction","index":9,"writes":[{"node":{…}},{"instance":{…}},{"remove":"pg-2"},
 *     {"removeNode":"db1"}]}
 * </pre>
 */
final class NodeCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private NodeCodec() {}

  static ObjectNode encode(CatalogNode node) {
    ObjectNode n = NODES.objectNode();
    n.put("name", node.name()).put("id", node.id()).put("address", node.address());
    ObjectNode tagged = n.putObject("taggedAddresses");
    node.taggedAddresses().forEach(tagged::put);
    ObjectNode meta = n.putObject("meta");
    node.meta().forEach(meta::put);
    n.put("createIndex", node.createIndex()).put("modifyIndex", node.modifyIndex());
    return n;
  }

  static ArrayNode encode(List<CatalogNode> nodes) {
    ArrayNode a = NODES.arrayNode();
    nodes.forEach(node -> a.add(encode(node)));
    return a;
  }

  static CatalogNode decode(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isObject()) {
      throw new CorruptDataException("a node must be an object");
    }
    Map<String, String> tagged = strings(object(n, "taggedAddresses"), "tagged address");
    Map<String, String> meta = strings(object(n, "meta"), "node meta value");
    try {
      return new CatalogNode(text(n, "name"), text(n, "id"), text(n, "address"), tagged, meta,
          longValue(n, "createIndex"), longValue(n, "modifyIndex"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("node is not valid: " + e.getMessage(), e);
    }
  }

  /** A snapshot's {@code "nodes"} array. */
  static List<CatalogNode> decodeList(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isArray()) {
      throw new CorruptDataException("field 'nodes' is not an array");
    }
    List<CatalogNode> nodes = new ArrayList<>();
    for (JsonNode node : n) {
      nodes.add(decode(node));
    }
    return nodes;
  }

  /** A catalog transaction's writes, in order: each a node put, an instance put, or either's removal. */
  static ArrayNode encodeWrites(List<Change> writes) {
    ArrayNode a = NODES.arrayNode();
    for (Change w : writes) {
      if (w instanceof Change.PutNode put) {
        a.addObject().set("node", encode(put.node()));
      } else if (w instanceof Change.Put put) {
        a.addObject().set("instance", InstanceCodec.encode(put.instance()));
      } else if (w instanceof Change.Remove remove) {
        a.addObject().put("remove", remove.instanceId());
      } else {
        a.addObject().put("removeNode", ((Change.RemoveNode) w).node());
      }
    }
    return a;
  }

  static Change.CatalogTransaction decodeTransaction(JsonNode n, long index, InstanceCodec.SharedValues shared)
      throws CorruptDataException {
    List<Change> writes = new ArrayList<>();
    for (JsonNode w : array(n, "writes")) {
      if (w.has("node")) {
        writes.add(new Change.PutNode(index, decode(object(w, "node"))));
      } else if (w.has("instance")) {
        writes.add(new Change.Put(index, InstanceCodec.decode(object(w, "instance"), shared)));
      } else if (w.has("remove")) {
        writes.add(new Change.Remove(index, text(w, "remove")));
      } else if (w.has("removeNode")) {
        writes.add(new Change.RemoveNode(index, text(w, "removeNode")));
      } else {
        throw new CorruptDataException("a catalog write has none of 'node', 'instance', 'remove', 'removeNode'");
      }
    }
    try {
      return new Change.CatalogTransaction(index, writes);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(e.getMessage(), e);
    }
  }

  private static Map<String, String> strings(JsonNode object, String what) throws CorruptDataException {
    // LinkedHashMap: meta keeps the order it was registered in, as an instance's does.
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), textOf(e.getValue(), what + " '" + e.getKey() + "'"));
    }
    return out;
  }
}
