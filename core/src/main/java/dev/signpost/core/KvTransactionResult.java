package dev.signpost.core;

import java.util.List;

/**
 * What a key/value transaction answered: either its results (one entry per {@code get}, {@code set},
 * {@code cas} and {@code check-index}, one per key for {@code get-tree}; the entries of writes and checks
 * without their values, as Consul's) and no errors, or the errors that rolled it back, each naming its
 * operation by position.
 */
public record KvTransactionResult(List<KvEntry> results, List<Error> errors) {

  /** Why the operation at {@code opIndex} (from 0) failed. */
  public record Error(int opIndex, String what) {}

  public KvTransactionResult {
    results = List.copyOf(results);
    errors = List.copyOf(errors);
  }

  public boolean committed() {
    return errors.isEmpty();
  }
}
