package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.util.List;

/** Consul's {@code /v1/txn}: the operations of the request body, and the answer. */
final class TxnJson {

  private TxnJson() {}

  /** One operation; only {@code KV} ones are run ({@code Node}, {@code Service} and {@code Check} are not). */
  record Op(@JsonProperty("KV") KvOp kv) {}

  /** {@code Value} is base64 (Jackson decodes it); {@code Flags} and {@code Index} are unsigned 64-bit. */
  record KvOp(
      @JsonProperty("Verb") String verb,
      @JsonProperty("Key") String key,
      @JsonProperty("Value") byte[] value,
      @JsonProperty("Flags") BigInteger flags,
      @JsonProperty("Index") BigInteger index,
      @JsonProperty("Session") String session) {}

  /** One result: {@code {"KV": {...}}}. */
  record Result(@JsonProperty("KV") KvEntryJson kv) {}

  record Error(@JsonProperty("OpIndex") int opIndex, @JsonProperty("What") String what) {}

  /** The answer: results and no errors (200), or errors and no results (409), as Consul's. */
  record Response(@JsonProperty("Results") List<Result> results, @JsonProperty("Errors") List<Error> errors) {}
}
