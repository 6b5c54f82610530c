package dev.signpost.core.health.http;

import dev.signpost.core.FatalErrors;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread: it runs the tasks other threads hand it, then waits for I/O or its handler's next
 * timer, and hands over the keys that are ready. A task costs a wake-up only when the loop is waiting.
 */
final class SelectorLoop {

  private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

  /** What the loop drives; called on the loop's thread only. */
  interface Handler {
    void ready(SelectionKey key);

    /** Deals with what is due at {@code now}; returns the nanoseconds until the next timer, or -1 for none. */
    long due(long now);

    /** The loop ends (closed, or failed): release everything. */
    void stopped();
  }

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** False only while the loop may be blocked in select: then a new task must wake it. */
  private final AtomicBoolean awake = new AtomicBoolean(true);
  private final Thread thread;
  private Handler handler;
  private volatile boolean closed;

  SelectorLoop(String threadName) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void start(Handler h) {
    this.handler = h;
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  /** Runs {@code task} on the loop's thread, soon. */
  void execute(Runnable task) {
    tasks.add(task);
    if (!awake.get() && awake.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  boolean closed() {
    return closed;
  }

  /** Stops the loop; its handler's {@link Handler#stopped} runs on the loop's thread. */
  void close() {
    closed = true;
    selector.wakeup();
  }

  private void run() {
    try {
      while (!closed) {
        runTasks();
        long next = handler.due(System.nanoTime());
        awake.set(false);
        if (!tasks.isEmpty()) {
          selector.selectNow();
        } else if (next < 0) {
          selector.select();
        } else {
          selector.select(Math.max(1, (next + 999_999) / 1_000_000));
        }
        awake.set(true);
        for (SelectionKey key : selector.selectedKeys()) {
          handler.ready(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException | Error e) {
      FatalErrors.escalate(e);
      LOG.log(System.Logger.Level.ERROR, "the " + thread.getName() + " loop failed; its calls fail from now on", e);
    } finally {
      closed = true;
      handler.stopped();
      runTasks(); // what was handed over meanwhile sees the loop closed
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, thread.getName() + " task failed", e);
      }
    }
  }
}
