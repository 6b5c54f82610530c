package dev.signpost.core.passive;

/** A report holds more outcomes than {@link PassiveOptions#maxBatch} allows; nothing of it was applied. */
public final class BatchTooLargeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  BatchTooLargeException(long size, int max) {
    super("a report may hold at most " + max + " outcomes (--passive-max-batch), this one holds " + size);
  }
}
