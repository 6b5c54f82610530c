package dev.signpost.core.passive;

/**
 * Passive health's process-wide settings.
 *
 * @param enabledByDefault whether services without a {@code Passive} policy of their own have it on, with the
 *     defaults ({@code --passive-health})
 * @param maxBatch the most outcomes one report may hold ({@code --passive-max-batch}); a bigger report is
 *     refused whole
 */
public record PassiveOptions(boolean enabledByDefault, int maxBatch) {

  /** The default bound on a report: 1,000 outcomes. */
  public static final int DEFAULT_MAX_BATCH = 1000;

  /** The most a report may ever be allowed to hold. */
  public static final int MAX_BATCH_LIMIT = 1_000_000;

  /** Off unless a policy turns it on; reports of up to 1,000 outcomes. */
  public static final PassiveOptions DEFAULT = new PassiveOptions(false, DEFAULT_MAX_BATCH);

  public PassiveOptions {
    if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
      throw new IllegalArgumentException("--passive-max-batch must be between 1 and " + MAX_BATCH_LIMIT + ", got "
          + maxBatch);
    }
  }
}
