package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.bool;
import static dev.signpost.core.storage.JsonFields.longValue;
import static dev.signpost.core.storage.JsonFields.object;
import static dev.signpost.core.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.events.EventType;
import dev.signpost.core.events.HistoryEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The event history's file format: one {@link HistoryEntry} per line, as a JSON object, in the journal's style
 * (tree model only, the entry's kind in an explicit {@code "type"} field, strict reads). The history is a record
 * for people, not the registry's state: a line that does not read is reported and skipped by its caller.
 *
 * <pre>
 * {"index":42,"time":"2026-12-03T22:40:01Z","type":"health","service":"web","instance":"web-3","node":"",
 *  "by":"check service:web-3","status":"critical","previousStatus":"passing","inDns":false,"wasInDns":true,
 *  "summary":"web-3 left DNS: ...","check":{"id":"service:web-3","name":"...","status":"critical",
 *  "previousStatus":"passing","output":"..."}}
 * </pre>
 */
public final class HistoryCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private HistoryCodec() {}

  /** The entry as one line of JSON, without the line's end. */
  public static String encode(HistoryEntry e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("index", e.index());
    n.put("time", e.time().toString());
    n.put("type", e.type().wireName());
    n.put("service", e.service());
    n.put("instance", e.instance());
    n.put("node", e.node());
    n.put("by", e.by());
    e.status().ifPresent(s -> n.put("status", s.wireName()));
    e.previousStatus().ifPresent(s -> n.put("previousStatus", s.wireName()));
    n.put("inDns", e.inDns());
    n.put("wasInDns", e.wasInDns());
    n.put("summary", e.summary());
    e.check().ifPresent(c -> n.putObject("check").put("id", c.checkId()).put("name", c.name())
        .put("status", c.status().wireName()).put("previousStatus", c.previousStatus().wireName())
        .put("output", c.output()));
    try {
      return MAPPER.writeValueAsString(n); // JSON escapes line ends inside strings: one line
    } catch (JsonProcessingException e1) {
      throw new IllegalStateException("a tree of strings and numbers cannot fail to encode", e1);
    }
  }

  /**
   * The entry a line holds.
   *
   * @throws IllegalArgumentException when it holds none (a torn or damaged line), saying what is wrong
   */
  public static HistoryEntry decode(String line) {
    try {
      JsonNode n = READER.readTree(line);
      if (n == null || !n.isObject()) {
        throw new CorruptDataException("not a JSON object");
      }
      Optional<HistoryEntry.Check> check = Optional.empty();
      if (n.has("check")) {
        JsonNode c = object(n, "check");
        check = Optional.of(new HistoryEntry.Check(text(c, "id"), text(c, "name"), status(text(c, "status")),
            status(text(c, "previousStatus")), text(c, "output")));
      }
      return new HistoryEntry(longValue(n, "index"), Instant.parse(text(n, "time")),
          EventType.fromWireName(text(n, "type")), text(n, "service"), text(n, "instance"), text(n, "node"),
          text(n, "by"), optionalStatus(n, "status"), optionalStatus(n, "previousStatus"), bool(n, "inDns"),
          bool(n, "wasInDns"), text(n, "summary"), check);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (CorruptDataException | DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Optional<HealthStatus> optionalStatus(JsonNode n, String field) throws CorruptDataException {
    return n.has(field) ? Optional.of(status(text(n, field))) : Optional.empty();
  }

  private static HealthStatus status(String name) {
    return HealthStatus.fromWireName(name);
  }
}
