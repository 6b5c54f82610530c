package dev.signpost.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consul's key/value store, kept with the registry: every write is a registry change (durable before
 * visible, numbered by the one registry index, in the journal and snapshot or in etcd), so a key's
 * {@code ModifyIndex} and {@code X-Consul-Index} are registry indexes as in Consul. Reads see what is
 * visible; writes are decided on the latest accepted state. Keys are any well-formed text without control
 * characters, up to {@link #MAX_KEY_BYTES}; values any bytes, up to {@link #MAX_VALUE_BYTES}.
 */
public final class KeyValueStore {

  /** The largest value, as Consul's {@code kv_max_value_size} default (512 KiB). */
  public static final int MAX_VALUE_BYTES = 512 * 1024;
  /** The longest key, in UTF-8 bytes. Consul has no bound of its own; etcd and the journal want one. */
  public static final int MAX_KEY_BYTES = 2048;
  /** Operations in one transaction at most, as Consul's. */
  public static final int MAX_TRANSACTION_OPERATIONS = 64;

  private final Registry registry;

  KeyValueStore(Registry registry) {
    this.registry = registry;
  }

  public Optional<KvEntry> get(String key) {
    return registry.keys().get(key);
  }

  /** The entries whose key starts with {@code prefix} ("" for all), in key order. */
  public List<KvEntry> list(String prefix) {
    return registry.keys().under(prefix);
  }

  /** How many keys there are. */
  public int size() {
    return registry.keys().size();
  }

  /** The index a read of {@code key} reports: its modify index, or the store's last change when it is missing. */
  public long keyIndex(String key) {
    return registry.keys().keyIndex(key);
  }

  /** The index a read of a prefix reports: the newest change under it (deletions included). */
  public long prefixIndex(String prefix) {
    return registry.keys().prefixIndex(prefix);
  }

  /**
   * Completes once {@link #keyIndex} (exact) or {@link #prefixIndex} is above {@code after}: only a change to
   * that key, or under that prefix, wakes it. Completing it early abandons it.
   */
  public CompletableFuture<Long> awaitAbove(String keyOrPrefix, boolean exact, long after) {
    return registry.keys().awaitAbove(keyOrPrefix, exact, after);
  }

  /** How many blocking queries on keys wait; for tests. */
  int pendingWaiters() {
    return registry.keys().pendingWaiters();
  }

  /**
   * Sets {@code key}; with {@code cas}, only if the key's modify index is that (0: only if it does not
   * exist). Completes, once durable and visible, with whether it was set.
   *
   * @throws IllegalArgumentException for a key or value out of bounds; the message names the problem
   */
  public CompletionStage<Boolean> put(String key, byte[] value, long flags, OptionalLong cas) {
    requireKey(key);
    requireValue(key, value.length);
    requireCas(cas);
    return registry.putKey(key, value, flags, cas);
  }

  /** Deletes {@code key}; with {@code cas}, only if its modify index is that. Completes with whether it is gone. */
  public CompletionStage<Boolean> delete(String key, OptionalLong cas) {
    requireKey(key);
    requireCas(cas);
    return registry.removeKey(key, cas);
  }

  /** Deletes every key that starts with {@code prefix} ("" for every key) at once. */
  public CompletionStage<Boolean> deleteTree(String prefix) {
    requirePrefix(prefix);
    return registry.removeKeyTree(prefix);
  }

  /**
   * Runs up to {@link #MAX_TRANSACTION_OPERATIONS} operations all or nothing, as one registry change.
   *
   * @throws IllegalArgumentException for too many operations, or one whose key or value is out of bounds
   */
  public CompletionStage<KvTransactionResult> transaction(List<KvOperation> ops) {
    if (ops.size() > MAX_TRANSACTION_OPERATIONS) {
      throw new IllegalArgumentException("Transaction contains too many operations (" + ops.size() + " > "
          + MAX_TRANSACTION_OPERATIONS + ")");
    }
    for (KvOperation op : ops) {
      if (op.verb().onPrefix()) {
        requirePrefix(op.key());
      } else {
        requireKey(op.key());
      }
      requireValue(op.key(), op.value().length);
    }
    return registry.keyTransaction(List.copyOf(ops));
  }

  /** @throws IllegalArgumentException unless {@code key} may name a key (not empty, bounded, no control characters) */
  public static void requireKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Missing key name");
    }
    requireKeyText(key, "key");
  }

  /** @throws IllegalArgumentException unless {@code prefix} may start keys ("" may: every key does) */
  public static void requirePrefix(String prefix) {
    requireKeyText(prefix, "prefix");
  }

  private static void requireKeyText(String key, String what) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(what + " is " + bytes + " bytes long, more than the " + MAX_KEY_BYTES
          + " allowed");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(what + " must not contain control characters, found U+"
            + String.format("%04X", (int) c) + " at " + i);
      }
      if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(++i)))) {
        throw new IllegalArgumentException(what + " is not well-formed Unicode (a lone surrogate)");
      }
    }
  }

  private static void requireValue(String key, int length) {
    if (length > MAX_VALUE_BYTES) {
      throw new ValueTooLargeException("Value for key \"" + key + "\" is too large (" + length + " > "
          + MAX_VALUE_BYTES + " bytes)");
    }
  }

  private static void requireCas(OptionalLong cas) {
    if (cas.isPresent() && cas.getAsLong() < 0) {
      throw new IllegalArgumentException("cas must be a non-negative index, got " + cas.getAsLong());
    }
  }

  /** A value over {@link #MAX_VALUE_BYTES}: an HTTP API answers 413, as Consul does. */
  public static final class ValueTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ValueTooLargeException(String message) {
      super(message);
    }
  }
}
