package dev.signpost.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One key of the key/value store, as Consul's KV holds it: its value's bytes (empty for none: Consul does
 * not tell an empty value from no value), a 64-bit number the clients own ({@code flags}, unsigned), and
 * the registry indexes of the change that created the key and of the one that last wrote it.
 */
public record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex) {

  public KvEntry {
    Objects.requireNonNull(key, "key");
    value = value == null ? new byte[0] : value.clone();
    if (createIndex < 0 || modifyIndex < createIndex) {
      throw new IllegalArgumentException("key '" + key + "' has indexes " + createIndex + "/" + modifyIndex
          + ": they must not be negative and the modify index not below the create index");
    }
  }

  /** The value's bytes (a copy). */
  @Override
  public byte[] value() {
    return value.clone();
  }

  public int size() {
    return value.length;
  }

  /** The same key and value, created at {@code createIndex} and written at {@code modifyIndex}. */
  public KvEntry withIndexes(long createIndex, long modifyIndex) {
    return new KvEntry(key, value, flags, createIndex, modifyIndex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvEntry e && key.equals(e.key) && Arrays.equals(value, e.value) && flags == e.flags
        && createIndex == e.createIndex && modifyIndex == e.modifyIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), flags, createIndex, modifyIndex);
  }

  /** The value's size only: values may be secrets, and this may reach a log. */
  @Override
  public String toString() {
    return "KvEntry[key=" + key + ", value=" + value.length + " bytes, flags=" + Long.toUnsignedString(flags)
        + ", createIndex=" + createIndex + ", modifyIndex=" + modifyIndex + "]";
  }
}
