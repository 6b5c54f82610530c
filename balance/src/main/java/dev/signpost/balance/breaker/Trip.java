package dev.signpost.balance.breaker;

import java.time.Duration;
import java.util.Objects;

/** Why a breaker opened: the rule that tripped and the numbers that tripped it. */
public sealed interface Trip {

  /** The reason in words, as the health output shows it after "open since T". */
  String describe();

  /** {@code count} failures in a row while closed. */
  record ConsecutiveFailures(long count) implements Trip {

    public ConsecutiveFailures {
      if (count < 1) {
        throw new IllegalArgumentException("count must be positive, got " + count);
      }
    }

    @Override
    public String describe() {
      return "after " + count + (count == 1 ? " failure" : " consecutive failures");
    }
  }

  /** {@code failures} of the {@code calls} reported within the last {@code window} failed. */
  record FailureRate(long failures, long calls, Duration window) implements Trip {

    public FailureRate {
      Objects.requireNonNull(window, "window");
      if (calls < 1 || failures < 0 || failures > calls) {
        throw new IllegalArgumentException("need 0 <= failures <= calls and calls >= 1, got " + failures + " of "
            + calls);
      }
    }

    @Override
    public String describe() {
      return failures + " of " + calls + " calls failed in " + Spans.text(window);
    }
  }

  /** A failure while half-open: the instance had not recovered. */
  record HalfOpenFailure() implements Trip {

    @Override
    public String describe() {
      return "after a failure while half-open";
    }
  }
}
