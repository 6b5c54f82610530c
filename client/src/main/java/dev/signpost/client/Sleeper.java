package dev.signpost.client;

import java.time.Duration;

/** How the client's threads wait between attempts: the real clock in use, a recorder in tests. */
@FunctionalInterface
interface Sleeper {

  Sleeper SYSTEM = d -> {
    if (!d.isNegative() && !d.isZero()) {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }
  };

  void sleep(Duration duration) throws InterruptedException;
}
