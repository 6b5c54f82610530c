package dev.signpost.core.storage;

import dev.signpost.core.Instance;

/** One acknowledged registry change, as a store records it. Indexes strictly increase. */
public sealed interface Change {

  long index();

  /** An instance registered or replaced (the full new value). */
  record Put(long index, Instance instance) implements Change {}

  /** An instance removed. */
  record Remove(long index, String instanceId) implements Change {}
}
