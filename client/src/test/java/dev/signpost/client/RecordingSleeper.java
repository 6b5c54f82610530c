package dev.signpost.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records each wait the client asks for and waits at most a millisecond, so backoffs are checked, not slept. */
final class RecordingSleeper implements Sleeper {

  private final List<Duration> waits = new ArrayList<>();

  @Override
  public void sleep(Duration d) throws InterruptedException {
    synchronized (this) {
      waits.add(d);
    }
    Thread.sleep(1);
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
