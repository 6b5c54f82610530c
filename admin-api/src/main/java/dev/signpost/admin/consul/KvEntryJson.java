package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signpost.core.KvEntry;
import java.math.BigInteger;

/**
 * Consul's {@code KVPair}, an element of {@code GET /v1/kv/{key}} and of a transaction's results: the value
 * in base64, {@code null} for none (Consul does not tell it from an empty one), the flags as the unsigned
 * 64-bit number they are. {@code LockIndex} is always 0 and {@code Session} left out: there are no sessions.
 */
record KvEntryJson(
    @JsonProperty("LockIndex") long lockIndex,
    @JsonProperty("Key") String key,
    @JsonProperty("Flags") Number flags,
    @JsonProperty("Value") byte[] value,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Session") String session,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {

  static KvEntryJson of(KvEntry e) {
    long flags = e.flags();
    Number shown = flags >= 0 ? Long.valueOf(flags) : new BigInteger(Long.toUnsignedString(flags));
    return new KvEntryJson(0, e.key(), shown, e.size() == 0 ? null : e.value(), null, e.createIndex(),
        e.modifyIndex());
  }
}
