package dev.signpost.balance.breaker;

import java.time.Duration;

/** A duration as messages and health output write it: {@code 30s}, or {@code 250ms} when not whole seconds. */
final class Spans {

  private Spans() {
  }

  static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
