package dev.signpost.core.passive;

/** A report holds more outcomes than {@link PassiveOptions#maxBatch} allows; nothing of it was applied. */
public final class BatchTooLargeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  BatchTooLargeException(Outcomes outcomes, int max) {
    // Two counts of at most Long.MAX_VALUE each: their sum, read unsigned, is exact.
    super("a report may hold at most " + max + " outcomes (--passive-max-batch), this one holds "
        + Long.toUnsignedString(outcomes.successes() + outcomes.failures()));
  }
}
