package dev.signpost.core.storage;

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
 * External catalog nodes as the journal and snapshot hold them:
 *
 * <pre>
 * {"name":"db1","id":"","address":"10.0.0.5","taggedAddresses":{"wan":"198.18.0.5"},"meta":{"rack":"r1"},
 *  "createIndex":3,"modifyIndex":3}
 * [{...}, ...]     (a snapshot's "nodes")
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
