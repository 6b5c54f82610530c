package dev.signpost.core.passive;

import java.util.List;
import java.util.Objects;

/** What a client reports of its calls to one instance: each call in order, or counts whose order is unknown. */
public sealed interface Outcomes {

  /** The successful calls. */
  long successes();

  /** The failed calls. */
  long failures();

  /**
   * How many outcomes the report holds, for the bound on a report's size; {@link Long#MAX_VALUE} when there are
   * more, so two huge counts that would wrap a long negative still count as too many.
   */
  default long size() {
    long size = successes() + failures();
    return size < 0 ? Long.MAX_VALUE : size;
  }

  /** Each call, oldest first: the breaker sees them in this order (a run of failures is a run). */
  record Calls(List<CallOutcome> calls) implements Outcomes {

    public Calls {
      calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
    }

    @Override
    public long successes() {
      return calls.stream().filter(CallOutcome::success).count();
    }

    @Override
    public long failures() {
      return calls.size() - successes();
    }
  }

  /**
   * Counts of calls: they feed the failure rate, and the failures extend a run of consecutive failures only
   * when there is no success among them.
   */
  record Counts(long successes, long failures) implements Outcomes {

    public Counts {
      if (successes < 0) {
        throw new IllegalArgumentException("Successes must not be negative, got " + successes);
      }
      if (failures < 0) {
        throw new IllegalArgumentException("Failures must not be negative, got " + failures);
      }
    }
  }
}
