package dev.signpost.dns.notify;

import dev.signpost.core.TimeSource;
import dev.signpost.core.health.HealthScheduler;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Core's scheduler interface on the NOTIFY socket's event loop: the sender's timers and the socket's reads run on
 * one thread, so its state needs no lock. Tests use core's {@code ManualScheduler} in its place.
 */
final class LoopScheduler implements HealthScheduler {

  private final EventLoop loop;

  LoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public void execute(Runnable task) {
    if (!loop.isShuttingDown()) {
      loop.execute(task);
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (loop.isShuttingDown()) {
      return Cancellable.NONE;
    }
    var future = loop.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** The JVM's clock, which Netty's timers wait on too. */
  @Override
  public TimeSource time() {
    return TimeSource.system();
  }

  /** The loop is closed with its group, by {@link Notifier#close}. */
  @Override
  public void close() {
  }
}
