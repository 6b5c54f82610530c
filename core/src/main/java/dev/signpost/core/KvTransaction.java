package dev.signpost.core;

import dev.signpost.core.KvTransactionResult.Error;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Decides a key/value transaction on the latest accepted state: runs its operations in order on an overlay,
 * each seeing what the ones before it wrote, and collects every failure (as Consul reports them all). The
 * writes are then made as one change, or not at all.
 */
final class KvTransaction {

  /** What the transaction decided: its answer, and what it leaves under each key it writes (null: deleted). */
  record Decision(KvTransactionResult result, Map<String, KvEntry> effects) {}

  private final long next;
  private final Function<String, KvEntry> latest;
  private final Function<String, Map<String, KvEntry>> latestUnder;
  /** Key → what the operations so far left (null for deleted); insertion order. */
  private final Map<String, KvEntry> written = new LinkedHashMap<>();

  /**
   * @param next the index the writes get
   * @param latest a key's entry as the accepted changes leave it; null when there is none
   * @param latestUnder the entries under a prefix as the accepted changes leave them, a copy the caller owns
   */
  private KvTransaction(long next, Function<String, KvEntry> latest,
      Function<String, Map<String, KvEntry>> latestUnder) {
    this.next = next;
    this.latest = latest;
    this.latestUnder = latestUnder;
  }

  static Decision decide(List<KvOperation> ops, long next, Function<String, KvEntry> latest,
      Function<String, Map<String, KvEntry>> latestUnder) {
    return new KvTransaction(next, latest, latestUnder).run(ops);
  }

  private Decision run(List<KvOperation> ops) {
    List<KvEntry> results = new ArrayList<>();
    List<Error> errors = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      String failure = apply(ops.get(i), results);
      if (failure != null) {
        errors.add(new Error(i, failure));
      }
    }
    if (!errors.isEmpty()) {
      return new Decision(new KvTransactionResult(List.of(), errors), Map.of());
    }
    Map<String, KvEntry> effects = new LinkedHashMap<>();
    // A key deleted that never existed changes nothing: it is left out.
    written.forEach((key, entry) -> {
      if (entry != null || latest.apply(key) != null) {
        effects.put(key, entry);
      }
    });
    return new Decision(new KvTransactionResult(results, List.of()), effects);
  }

  /** Runs one operation; its failure, or null. */
  private String apply(KvOperation op, List<KvEntry> results) {
    String key = op.key();
    KvEntry current = op.verb().onPrefix() ? null : get(key);
    switch (op.verb()) {
      case SET -> results.add(blank(set(op, current)));
      case CAS -> {
        if (op.index() != (current == null ? 0 : current.modifyIndex())) {
          return "failed to set key \"" + key + "\", index is stale";
        }
        results.add(blank(set(op, current)));
      }
      case GET -> {
        if (current == null) {
          return "key \"" + key + "\" doesn't exist";
        }
        results.add(current);
      }
      case GET_TREE -> results.addAll(under(key).values());
      case CHECK_INDEX -> {
        if (current == null) {
          return "key \"" + key + "\" doesn't exist";
        }
        if (current.modifyIndex() != op.index()) {
          return "current modify index " + current.modifyIndex() + " != " + op.index();
        }
        results.add(blank(current));
      }
      case CHECK_NOT_EXISTS -> {
        if (current != null) {
          return "key \"" + key + "\" exists";
        }
      }
      case DELETE -> written.put(key, null);
      case DELETE_CAS -> {
        // As Consul: deleting a key that is not there succeeds whatever the index.
        if (current != null && current.modifyIndex() != op.index()) {
          return "failed to delete key \"" + key + "\", index is stale";
        }
        written.put(key, null);
      }
      case DELETE_TREE -> under(key).keySet().forEach(k -> written.put(k, null));
      default -> throw new IllegalStateException("unknown verb " + op.verb());
    }
    return null;
  }

  private KvEntry set(KvOperation op, KvEntry current) {
    KvEntry entry = new KvEntry(op.key(), op.value(), op.flags(), current == null ? next : current.createIndex(),
        next);
    written.put(op.key(), entry);
    return entry;
  }

  private KvEntry get(String key) {
    return written.containsKey(key) ? written.get(key) : latest.apply(key);
  }

  private Map<String, KvEntry> under(String prefix) {
    Map<String, KvEntry> found = new TreeMap<>(latestUnder.apply(prefix));
    written.forEach((key, entry) -> {
      if (key.startsWith(prefix)) {
        if (entry == null) {
          found.remove(key);
        } else {
          found.put(key, entry);
        }
      }
    });
    return found;
  }

  /** A write's or check's result: the entry without its value, as Consul answers them. */
  private static KvEntry blank(KvEntry e) {
    return new KvEntry(e.key(), null, e.flags(), e.createIndex(), e.modifyIndex());
  }
}
