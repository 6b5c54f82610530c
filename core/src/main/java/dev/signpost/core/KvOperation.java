package dev.signpost.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One key/value operation of a transaction, as Consul's {@code /v1/txn} spells it ({@code "KV": {"Verb",
 * "Key", "Value", "Flags", "Index"}}). {@code index} is the modify index a {@code cas}, {@code delete-cas} or
 * {@code check-index} compares with; for {@code get-tree} and {@code delete-tree} the key is a prefix.
 */
public record KvOperation(Verb verb, String key, byte[] value, long flags, long index) {

  /** Consul's KV verbs that Signpost runs; the session ones ({@code lock}, {@code unlock}...) it does not. */
  public enum Verb {
    SET, CAS, GET, GET_TREE, CHECK_INDEX, CHECK_NOT_EXISTS, DELETE, DELETE_CAS, DELETE_TREE;

    /** As Consul spells it: {@code get-tree}. */
    public String spelling() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Verb> named(String spelling) {
      for (Verb v : values()) {
        if (v.spelling().equals(spelling)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }

    /** Whether the verb names a prefix rather than one key. */
    public boolean onPrefix() {
      return this == GET_TREE || this == DELETE_TREE;
    }

    public boolean writes() {
      return this == SET || this == CAS || this == DELETE || this == DELETE_CAS || this == DELETE_TREE;
    }
  }

  public KvOperation {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(key, "key");
    value = value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvOperation op && verb == op.verb && key.equals(op.key)
        && java.util.Arrays.equals(value, op.value) && flags == op.flags && index == op.index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(verb, key, java.util.Arrays.hashCode(value), flags, index);
  }

  @Override
  public String toString() {
    return "KvOperation[" + verb.spelling() + " " + key + ", " + value.length + " bytes, flags="
        + Long.toUnsignedString(flags) + ", index=" + index + "]";
  }
}
