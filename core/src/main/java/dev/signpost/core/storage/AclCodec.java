package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.array;
import static dev.signpost.core.storage.JsonFields.bool;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.text;
import static dev.signpost.core.storage.JsonFields.textOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * ACL tokens and policies as the journal and snapshot hold them:
 *
 * <pre>
 * {"id":"…","name":"web-writers","description":"","rules":"service_prefix \"web-\" {…}","createIndex":3,"modifyIndex":3}
 * {"accessorId":"…","secretHash":"sha256:…","description":"","policies":["…"],"local":false,
 *  "createTime":"2026-12-03T12:00:00Z","createIndex":4,"modifyIndex":4}
 * {"tokens":[…],"policies":[…]}     (a snapshot's "acl")
 * </pre>
 */
final class AclCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AclCodec() {}

  static ObjectNode encode(AclPolicy p) {
    ObjectNode n = NODES.objectNode();
    n.put("id", p.id()).put("name", p.name()).put("description", p.description()).put("rules", p.rules());
    n.put("createIndex", p.createIndex()).put("modifyIndex", p.modifyIndex());
    return n;
  }

  static ObjectNode encode(AclToken t) {
    ObjectNode n = NODES.objectNode();
    n.put("accessorId", t.accessorId()).put("secretHash", t.secretHash()).put("description", t.description());
    t.policyIds().forEach(n.putArray("policies")::add);
    n.put("local", t.local()).put("createTime", t.createTime().toString());
    n.put("createIndex", t.createIndex()).put("modifyIndex", t.modifyIndex());
    return n;
  }

  static ObjectNode encode(AclState acl) {
    ObjectNode n = NODES.objectNode();
    acl.tokens().forEach(t -> n.withArray("tokens").add(encode(t)));
    acl.policies().forEach(p -> n.withArray("policies").add(encode(p)));
    n.withArray("tokens");
    n.withArray("policies");
    return n;
  }

  static AclPolicy decodePolicy(JsonNode n) throws CorruptDataException {
    try {
      return new AclPolicy(text(n, "id"), text(n, "name"), text(n, "description"), text(n, "rules"),
          longValue(n, "createIndex"), longValue(n, "modifyIndex"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("ACL policy is not valid: " + e.getMessage(), e);
    }
  }

  static AclToken decodeToken(JsonNode n) throws CorruptDataException {
    List<String> policies = new ArrayList<>();
    for (JsonNode p : array(n, "policies")) {
      policies.add(textOf(p, "a token's policy id"));
    }
    try {
      return new AclToken(text(n, "accessorId"), text(n, "secretHash"), text(n, "description"), policies,
          bool(n, "local"), Instant.parse(text(n, "createTime")), longValue(n, "createIndex"),
          longValue(n, "modifyIndex"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CorruptDataException("ACL token is not valid: " + e.getMessage(), e);
    }
  }

  static AclState decodeState(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isObject()) {
      throw new CorruptDataException("field 'acl' is not an object");
    }
    List<AclToken> tokens = new ArrayList<>();
    for (JsonNode t : array(n, "tokens")) {
      tokens.add(decodeToken(t));
    }
    List<AclPolicy> policies = new ArrayList<>();
    for (JsonNode p : array(n, "policies")) {
      policies.add(decodePolicy(p));
    }
    return new AclState(tokens, policies);
  }
}
