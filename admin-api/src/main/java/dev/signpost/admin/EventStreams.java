package dev.signpost.admin;

import dev.signpost.core.events.EventHistory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event history the API serves ({@code GET /v1/signpost/events}) and the bounds of its live streams, with
 * how often each bound triggered: plain counters the launcher reads into its meters.
 *
 * @see ServerOperations#events()
 */
public final class EventStreams {

  public static final int DEFAULT_MAX_STREAMS = 64;
  public static final int DEFAULT_MAX_UNSENT_BYTES = 1 << 20;
  /** Well inside any proxy's idle timeout; the API's own never closes a connection while it streams. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  private final EventHistory history;
  private final int maxStreams;
  private final int maxUnsentBytes;
  private final Duration heartbeat;
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final LongAdder slowClosed = new LongAdder();

  /**
   * @param maxStreams live streams at once ({@code --event-streams-max}); more are answered 503
   * @param maxUnsentBytes how far a stream's reader may fall behind ({@code --event-stream-max-unsent}) before it
   *     is disconnected; it resumes from {@code Last-Event-ID} when it reconnects
   * @param heartbeat how often an idle stream gets a comment, so proxies and the client see it alive
   */
  public EventStreams(EventHistory history, int maxStreams, int maxUnsentBytes, Duration heartbeat) {
    this.history = Objects.requireNonNull(history, "history");
    if (maxStreams < 0) {
      throw new IllegalArgumentException("event stream limit must be 0 (none) or more, got " + maxStreams);
    }
    if (maxUnsentBytes < 1) {
      throw new IllegalArgumentException("event stream unsent limit must be at least 1 byte, got " + maxUnsentBytes);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("event stream heartbeat must be positive, got " + heartbeat);
    }
    this.maxStreams = maxStreams;
    this.maxUnsentBytes = maxUnsentBytes;
    this.heartbeat = heartbeat;
  }

  /** The history with the default stream bounds. */
  public static EventStreams of(EventHistory history) {
    return new EventStreams(history, DEFAULT_MAX_STREAMS, DEFAULT_MAX_UNSENT_BYTES, DEFAULT_HEARTBEAT);
  }

  public EventHistory history() {
    return history;
  }

  public int maxUnsentBytes() {
    return maxUnsentBytes;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  /** Takes a stream slot; false (counted) when all are taken. */
  public boolean tryOpen() {
    while (true) {
      int now = open.get();
      if (now >= maxStreams) {
        refused.increment();
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryOpen}. */
  public void closed() {
    open.decrementAndGet();
  }

  /** Counts a stream closed because its reader fell too far behind. */
  public void slowReaderClosed() {
    slowClosed.increment();
  }

  /** Live streams now. */
  public int openStreams() {
    return open.get();
  }

  /** Streams refused because {@code maxStreams} were open. */
  public long refusedStreams() {
    return refused.sum();
  }

  /** Streams closed because their reader fell more than {@code maxUnsentBytes} behind. */
  public long slowReadersClosed() {
    return slowClosed.sum();
  }
}
