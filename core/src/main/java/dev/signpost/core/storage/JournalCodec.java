package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.intValue;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.KvEntry;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.acl.AclState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JSON the store writes: one {@link Change} per journal record and one {@link StoredState} per
 * snapshot. Only the tree model is used; which record a payload becomes is decided by its explicit
 * {@code "type"} field, never by class names in the data.
 *
 * <pre>
 * {"type":"put","index":7,"instance":{...}}
 * {"type":"remove","index":8,"id":"web-1"}
 * {"type":"policy","index":9,"service":"web","policy":{"strategy":"weighted","ttl":10,"answerLimit":3,
 *  "passive":{...}}}                                   (passive: PassiveCodec; absent in older records)
 * {"type":"removePolicy","index":10,"service":"web"}
 * {"type":"aclToken","index":11,"token":{...}}        {"type":"removeAclToken","index":12,"accessorId":"..."}
 * {"type":"aclPolicy","index":13,"policy":{...}}      {"type":"removeAclPolicy","index":14,"id":"..."}
 * {"type":"node","index":15,"node":{...}}             {"type":"removeNode","index":16,"node":"db1"}
 * {"type":"putKey","index":15,"entry":{...}}          {"type":"removeKey","index":16,"key":"..."}
 * {"type":"removeKeyTree","index":17,"prefix":"..."}  {"type":"keyTransaction","index":18,"writes":[...]}
 * {"type":"catalogTransaction","index":19,"writes":[...]}   (see NodeCodec)
 * {"format":1,"index":8,"instances":[{...}, ...],"policies":{"web":{...}},"acl":{...},"nodes":[{...}],
 *     "keys":[...]} (snapshot; see AclCodec, NodeCodec and KvCodec; "acl", "nodes" and "keys" only when there
 *     are some)
 * </pre>
 *
 * <p>A snapshot may hold a million instances (200 MB of JSON): it is written and read as a stream, one
 * instance's tree at a time, never as one tree or one byte array.
 */
final class JournalCodec {

  static final int SNAPSHOT_FORMAT = 1;

  // Thread-safe once configured; shared by the callers of append(), the writer thread and start-up.
  // Reading goes through a streaming parser without the parser's duplicate detection, which costs a hash
  // set per object (a million instances in a snapshot): the streaming readers refuse a duplicate field
  // themselves, and the trees they read for the rarer parts (VALUE_READER) refuse them too.
  // Jackson's read limits are for untrusted input; these bytes were written by this codec, which has no
  // such limits (a check id or header name is written as a field name, and Jackson refuses names over
  // 50,000 characters when reading): whatever was acknowledged must read back.
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE).build())
      .build());
  /** Reads one value out of a longer stream (a snapshot's instances), so what follows it is no error. */
  static final ObjectReader VALUE_READER = MAPPER.readerFor(JsonNode.class)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private JournalCodec() {}

  static byte[] encode(Change change) {
    Objects.requireNonNull(change, "change");
    ObjectNode n = MAPPER.createObjectNode();
    // Pattern matching for switch is still a preview in Java 17; Change is sealed, so these fifteen are all.
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
    } else if (change instanceof Change.RemovePolicy remove) {
      n.put("type", "removePolicy").put("index", remove.index());
      n.put("service", remove.service());
    } else if (change instanceof Change.PutAclToken put) {
      n.put("type", "aclToken").put("index", put.index());
      n.set("token", AclCodec.encode(put.token()));
    } else if (change instanceof Change.RemoveAclToken remove) {
      n.put("type", "removeAclToken").put("index", remove.index());
      n.put("accessorId", remove.accessorId());
    } else if (change instanceof Change.PutAclPolicy put) {
      n.put("type", "aclPolicy").put("index", put.index());
      n.set("policy", AclCodec.encode(put.policy()));
    } else if (change instanceof Change.PutNode put) {
      n.put("type", "node").put("index", put.index());
      n.set("node", NodeCodec.encode(put.node()));
    } else if (change instanceof Change.RemoveNode remove) {
      n.put("type", "removeNode").put("index", remove.index());
      n.put("node", remove.node());
    } else if (change instanceof Change.RemoveAclPolicy remove) {
      n.put("type", "removeAclPolicy").put("index", remove.index());
      n.put("id", remove.policyId());
    } else if (change instanceof Change.PutKey put) {
      n.put("type", "putKey").put("index", put.index());
      n.set("entry", KvCodec.encode(put.entry()));
    } else if (change instanceof Change.RemoveKey remove) {
      n.put("type", "removeKey").put("index", remove.index());
      n.put("key", remove.key());
    } else if (change instanceof Change.RemoveKeyTree remove) {
      n.put("type", "removeKeyTree").put("index", remove.index());
      n.put("prefix", remove.prefix());
    } else if (change instanceof Change.CatalogTransaction txn) {
      n.put("type", "catalogTransaction").put("index", txn.index());
      n.set("writes", NodeCodec.encodeWrites(txn.writes()));
    } else {
      Change.KeyTransaction txn = (Change.KeyTransaction) change;
      n.put("type", "keyTransaction").put("index", txn.index());
      n.set("writes", KvCodec.encodeWrites(txn.writes()));
    }
    return bytes(n);
  }

  static Change decodeChange(byte[] payload) throws CorruptDataException {
    return decodeChange(payload, new InstanceCodec.SharedValues());
  }

  /** As {@link #decodeChange(byte[])}, sharing equal values with the other changes decoded with {@code shared}. */
  static Change decodeChange(byte[] payload, InstanceCodec.SharedValues shared) throws CorruptDataException {
    // Streamed like a snapshot's instances (replay reads up to a compaction's worth of records); the
    // other fields, a few scalars, go to a small tree read by the same rules as before.
    ObjectNode n = MAPPER.createObjectNode();
    Instance instance = null;
    try (JsonParser p = MAPPER.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptDataException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (n.has(field) || (field.equals("instance") && instance != null)) {
          throw JsonStreamFields.duplicate(field);
        }
        if (field.equals("instance") && p.currentToken() == JsonToken.START_OBJECT) {
          instance = InstanceCodec.decode(p, shared);
        } else {
          n.set(field, VALUE_READER.readTree(p));
        }
      }
      if (p.nextToken() != null) {
        throw new CorruptDataException("not valid JSON: trailing tokens after the change");
      }
    } catch (JsonProcessingException e) {
      throw new CorruptDataException("not valid JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to be read", e);
    }
    String type = text(n, "type");
    long index = longValue(n, "index");
    if (type.equals("put") && instance == null) {
      throw new CorruptDataException("field 'instance' is missing or not an object");
    }
    return switch (type) {
      case "put" -> new Change.Put(index, instance);
      case "remove" -> new Change.Remove(index, text(n, "id"));
      case "policy" -> new Change.PutPolicy(index, text(n, "service"), decodePolicy(object(n, "policy")));
      case "removePolicy" -> new Change.RemovePolicy(index, text(n, "service"));
      case "aclToken" -> new Change.PutAclToken(index, AclCodec.decodeToken(object(n, "token")));
      case "removeAclToken" -> new Change.RemoveAclToken(index, text(n, "accessorId"));
      case "aclPolicy" -> new Change.PutAclPolicy(index, AclCodec.decodePolicy(object(n, "policy")));
      case "removeAclPolicy" -> new Change.RemoveAclPolicy(index, text(n, "id"));
      case "node" -> new Change.PutNode(index, NodeCodec.decode(object(n, "node")));
      case "removeNode" -> new Change.RemoveNode(index, text(n, "node"));
      case "putKey" -> new Change.PutKey(index, KvCodec.decode(object(n, "entry")));
      case "removeKey" -> new Change.RemoveKey(index, text(n, "key"));
      case "removeKeyTree" -> new Change.RemoveKeyTree(index, text(n, "prefix"));
      case "keyTransaction" -> keyTransaction(index, KvCodec.decodeWrites(n, index));
      case "catalogTransaction" -> NodeCodec.decodeTransaction(n, index, shared);
      default -> throw new CorruptDataException("unknown change type '" + type + "'");
    };
  }

  private static Change keyTransaction(long index, List<Change> writes) throws CorruptDataException {
    try {
      return new Change.KeyTransaction(index, writes);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(e.getMessage(), e);
    }
  }

  static byte[] encode(StoredState state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      encode(state, out);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to be written", e);
    }
    return out.toByteArray();
  }

  /** Writes {@code state} as a snapshot to {@code out}, one instance at a time; leaves {@code out} open. */
  static void encode(StoredState state, OutputStream out) throws IOException {
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeNumberField("format", SNAPSHOT_FORMAT);
      g.writeNumberField("index", state.index());
      g.writeArrayFieldStart("instances");
      for (Instance i : state.instances()) {
        g.writeTree(InstanceCodec.encode(i));
      }
      g.writeEndArray();
      g.writeObjectFieldStart("policies");
      for (Map.Entry<String, ServicePolicy> e : state.policies().entrySet()) {
        g.writeFieldName(e.getKey());
        g.writeTree(encode(e.getValue()));
      }
      g.writeEndObject();
      if (!state.acl().equals(AclState.EMPTY)) {
        g.writeFieldName("acl");
        g.writeTree(AclCodec.encode(state.acl()));
      }
      if (!state.nodes().isEmpty()) {
        g.writeFieldName("nodes");
        g.writeTree(NodeCodec.encode(state.nodes()));
      }
      if (!state.keys().isEmpty()) {
        g.writeFieldName("keys");
        g.writeTree(KvCodec.encode(state.keys()));
      }
      g.writeEndObject();
    }
  }

  private static ObjectNode encode(ServicePolicy policy) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("strategy", policy.strategy());
    policy.ttl().ifPresent(ttl -> n.put("ttl", ttl));
    policy.answerLimit().ifPresent(limit -> n.put("answerLimit", limit));
    policy.passive().ifPresent(passive -> n.set("passive", PassiveCodec.encode(passive)));
    return n;
  }

  private static ServicePolicy decodePolicy(JsonNode n) throws CorruptDataException {
    try {
      OptionalLong ttl = n.has("ttl") ? OptionalLong.of(longValue(n, "ttl")) : OptionalLong.empty();
      // Absent: the global limit applies (journals before 2026-12 always wrote one, 0 for none).
      OptionalInt limit = n.has("answerLimit") ? OptionalInt.of(intValue(n, "answerLimit")) : OptionalInt.empty();
      // Absent: the global passive health setting applies (and policies stored before it had none).
      Optional<PassivePolicy> passive = n.has("passive") ? Optional.of(PassiveCodec.decode(n.get("passive")))
          : Optional.empty();
      return new ServicePolicy(text(n, "strategy"), ttl, limit, passive);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("policy is not valid: " + e.getMessage(), e);
    }
  }

  static StoredState decodeSnapshot(byte[] json) throws CorruptDataException {
    try {
      return decodeSnapshot(new ByteArrayInputStream(json));
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to be read", e);
    }
  }

  /**
   * Reads a snapshot from a stream, one instance's tree at a time. The fields may come in any order, as in
   * any JSON object; unknown ones are skipped.
   *
   * @throws CorruptDataException when the stream is not a snapshot
   * @throws IOException when the stream itself fails
   */
  static StoredState decodeSnapshot(InputStream in) throws CorruptDataException, IOException {
    InstanceCodec.SharedValues shared = new InstanceCodec.SharedValues();
    List<Instance> instances = null;
    Map<String, ServicePolicy> policies = new HashMap<>();
    AclState acl = AclState.EMPTY;
    List<CatalogNode> nodes = List.of();
    List<KvEntry> keys = List.of();
    Integer format = null;
    Long index = null;
    try (JsonParser p = MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptDataException("not a JSON object");
      }
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!seen.add(field)) {
          throw JsonStreamFields.duplicate(field);
        }
        switch (field) {
          case "format" -> {
            format = JsonStreamFields.intValue(p, "format");
            // Written first: a snapshot of another format is refused before its instances are read.
            checkFormat(format);
          }
          case "index" -> index = JsonStreamFields.longValue(p, "index");
          case "instances" -> instances = decodeInstances(p, shared);
          case "policies" -> policies = decodePolicies(VALUE_READER.readTree(p));
          case "acl" -> acl = AclCodec.decodeState(VALUE_READER.readTree(p));
          case "nodes" -> nodes = NodeCodec.decodeList(VALUE_READER.readTree(p));
          case "keys" -> keys = KvCodec.decodeAll(VALUE_READER.readTree(p));
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new CorruptDataException("not valid JSON: trailing tokens after the snapshot");
      }
    } catch (JsonProcessingException e) {
      throw new CorruptDataException("not valid JSON: " + firstLine(e.getOriginalMessage()), e);
    }
    if (format == null) {
      throw new CorruptDataException("field 'format' is missing or not a 32-bit integer");
    }
    if (index == null) {
      throw new CorruptDataException("field 'index' is missing or not an integer");
    }
    if (instances == null) {
      throw new CorruptDataException("field 'instances' is missing or not an array");
    }
    try {
      return new StoredState(index, instances, policies, acl, nodes, keys);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(e.getMessage(), e);
    }
  }

  private static void checkFormat(int format) throws CorruptDataException {
    if (format != SNAPSHOT_FORMAT) {
      throw new CorruptDataException("snapshot format " + format + " is not supported (expected "
          + SNAPSHOT_FORMAT + ")");
    }
  }

  /** The instances array, the parser on its start; one instance's tree is held at a time. */
  private static List<Instance> decodeInstances(JsonParser p, InstanceCodec.SharedValues shared)
      throws IOException, CorruptDataException {
    JsonStreamFields.startArray(p, "instances");
    List<Instance> instances = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new CorruptDataException("an instance must be an object, got " + p.currentToken());
      }
      instances.add(InstanceCodec.decode(p, shared));
    }
    return instances;
  }

  private static Map<String, ServicePolicy> decodePolicies(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isObject()) {
      throw new CorruptDataException("field 'policies' is missing or not an object");
    }
    Map<String, ServicePolicy> policies = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      policies.put(e.getKey(), decodePolicy(e.getValue()));
    }
    return policies;
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
