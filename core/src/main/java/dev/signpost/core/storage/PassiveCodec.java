package dev.signpost.core.storage;

import static dev.signpost.core.storage.JsonFields.bool;
import static dev.signpost.core.storage.JsonFields.intValue;
import static dev.signpost.core.storage.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.core.PassivePolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A service policy's passive health settings as the store writes them, inside the policy's object:
 * <pre>
 * "passive":{"enabled":true,"consecutiveFailures":5,"failureRatePercent":50,"minimumCalls":20,"window":"PT30S",
 *            "ejectionTime":"PT30S","maxEjectionTime":"PT5M","halfOpenSuccesses":3,"maxEjectedPercent":50}
 * </pre>
 * Every field is written; a policy stored before passive health has no {@code passive} and reads back without
 * it (the global setting applies). Durations are ISO-8601, as the instances' are.
 */
final class PassiveCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PassiveCodec() {}

  static ObjectNode encode(PassivePolicy p) {
    ObjectNode n = NODES.objectNode();
    BreakerSettings b = p.breaker();
    n.put("enabled", p.enabled());
    n.put("consecutiveFailures", b.consecutiveFailures());
    n.put("failureRatePercent", b.failureRatePercent());
    n.put("minimumCalls", b.minimumCalls());
    n.put("window", b.window().toString());
    n.put("ejectionTime", b.ejectionTime().toString());
    n.put("maxEjectionTime", b.maxEjectionTime().toString());
    n.put("halfOpenSuccesses", b.halfOpenSuccesses());
    n.put("maxEjectedPercent", p.maxEjectedPercent());
    return n;
  }

  static PassivePolicy decode(JsonNode n) throws CorruptDataException {
    if (n == null || !n.isObject()) {
      throw new CorruptDataException("policy field 'passive' must be an object");
    }
    try {
      BreakerSettings breaker = new BreakerSettings(intValue(n, "consecutiveFailures"),
          intValue(n, "failureRatePercent"), intValue(n, "minimumCalls"), duration(n, "window"),
          duration(n, "ejectionTime"), duration(n, "maxEjectionTime"), intValue(n, "halfOpenSuccesses"));
      return new PassivePolicy(bool(n, "enabled"), breaker, intValue(n, "maxEjectedPercent"));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("passive health settings are not valid: " + e.getMessage(), e);
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
}
