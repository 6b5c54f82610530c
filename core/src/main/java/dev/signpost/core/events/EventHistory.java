package dev.signpost.core.events;

import dev.signpost.core.ChangeOrigin;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.TimeSource;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What happened in the registry, and when: a {@link RegistryListener} that turns each change into
 * {@link HistoryEntry history entries} ({@link EventType}), logs each as one line (logger {@value #LOGGER},
 * INFO: {@code index 42 by token 3f2a… from 10.1.2.3: web-3 (web) registered at 10.0.0.3:8080}), keeps the last
 * {@code capacity} in memory for queries, hands them to live subscribers, and, with a data directory, appends
 * them to its file ({@link HistoryFile}) so they survive restarts.
 *
 * <p>Whether an instance is in DNS is what the serving {@link HealthFilter} says of the instance alone: a service
 * failing open ({@code --dns-fail-open}) still answers with instances its entries say left.
 *
 * <p>Threading: entries are made on the registry's writing thread, under its lock, so everything here is quick;
 * the file is written by one thread of its own. Queries and subscriptions are safe from any thread. A
 * subscriber is called on the registry's writing thread and must only hand the entry on.
 */
public final class EventHistory implements RegistryListener, AutoCloseable {

  /** The logger of the one line per change. */
  public static final String LOGGER = "dev.signpost.events";
  /** How many entries are kept when nothing says otherwise ({@code --event-history}). */
  public static final int DEFAULT_CAPACITY = 10_000;

  private static final System.Logger LOG = System.getLogger(LOGGER);

  private final int capacity;
  private final TimeSource time;
  private final EntryDerivation derivation;
  /** The last {@code capacity} entries, oldest first; guarded by itself. */
  private final ArrayDeque<HistoryEntry> entries = new ArrayDeque<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private final Optional<HistoryFile> file;
  private final Optional<ExecutorService> writer;

  private EventHistory(int capacity, HealthFilter filter, TimeSource time, Optional<HistoryFile> file,
      Optional<ExecutorService> writer, List<HistoryEntry> loaded) {
    if (capacity < 0) {
      throw new IllegalArgumentException("the event history's size must be 0 (none) or more, got " + capacity);
    }
    this.capacity = capacity;
    this.time = Objects.requireNonNull(time, "time");
    this.derivation = new EntryDerivation(Objects.requireNonNull(filter, "filter"));
    this.file = file;
    this.writer = writer;
    entries.addAll(loaded);
  }

  /** A history kept in memory only: gone at a restart. {@code capacity} 0 keeps none (lines are still logged). */
  public static EventHistory inMemory(int capacity, HealthFilter filter, TimeSource time) {
    return new EventHistory(capacity, filter, time, Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * A history kept in {@code dataDir}'s {@value HistoryFile#NAME} too: what it holds is read now (a damaged line
   * skipped with a warning), and new entries are appended by a thread of its own. {@code capacity} 0 keeps none
   * and leaves the file alone.
   */
  public static EventHistory open(Path dataDir, int capacity, HealthFilter filter, TimeSource time) {
    if (capacity == 0) {
      return inMemory(0, filter, time);
    }
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "signpost-events");
      t.setDaemon(true);
      return t;
    });
    return open(dataDir, capacity, filter, time, writer, HistoryFile.QUEUE);
  }

  /** {@link #open(Path, int, HealthFilter, TimeSource)} with the file's writer and queue given: for tests. */
  static EventHistory open(Path dataDir, int capacity, HealthFilter filter, TimeSource time, ExecutorService writer,
      int queue) {
    HistoryFile.Loaded loaded = HistoryFile.load(dataDir, capacity);
    HistoryFile file = new HistoryFile(dataDir, capacity, writer, queue, loaded);
    return new EventHistory(capacity, filter, time, Optional.of(file), Optional.of(writer), loaded.entries());
  }

  @Override
  public void onReset(Collection<Instance> instances, long index) {
    // The state at start is no change: the history already holds how it came to be, as far as it reaches.
  }

  @Override
  public void onEvent(RegistryEvent event) {
    onEvent(event, ChangeOrigin.AGENT);
  }

  @Override
  public void onEvent(RegistryEvent event, ChangeOrigin origin) {
    for (EntryDerivation.Derived d : derivation.derive(event, origin, time.now())) {
      HistoryEntry entry = d.entry();
      if (LOG.isLoggable(Level.INFO)) {
        LOG.log(Level.INFO, "index " + entry.index() + " by " + entry.by() + ": " + d.logText());
      }
      synchronized (entries) {
        // Delivered under the lock that subscribe() takes: a new subscriber gets an entry once, replayed or live.
        if (capacity > 0) {
          entries.add(entry);
          if (entries.size() > capacity) {
            entries.poll();
          }
        }
        for (Subscription s : subscribers) {
          s.deliver(entry);
        }
      }
      if (capacity > 0) {
        file.ifPresent(f -> f.offer(entry));
      }
    }
  }

  /**
   * The entries with an index above {@code since} that {@code filter} lets through, oldest first, at most
   * {@code limit} of them: a caller pages on by asking again after the last index it got.
   */
  public List<HistoryEntry> after(long since, Predicate<HistoryEntry> filter, int limit) {
    List<HistoryEntry> found = new ArrayList<>();
    synchronized (entries) {
      collect(since, filter, limit, found);
    }
    return found;
  }

  private void collect(long since, Predicate<HistoryEntry> filter, int limit, List<HistoryEntry> found) {
    for (HistoryEntry e : entries) {
      if (found.size() >= limit) {
        return;
      }
      if (e.index() > since && filter.test(e)) {
        found.add(e);
      }
    }
  }

  /** The index of the oldest entry held, 0 when none is: a caller asking from below it may have missed some. */
  public long oldestIndex() {
    synchronized (entries) {
      HistoryEntry oldest = entries.peekFirst();
      return oldest == null ? 0 : oldest.index();
    }
  }

  /** How many entries are kept at most ({@code --event-history}); 0 when the history is off. */
  public int capacity() {
    return capacity;
  }

  /** Entries the file did not get (its queue was full, or the disk refused them); they stayed in memory. */
  public long droppedWrites() {
    return file.map(HistoryFile::dropped).orElse(0L);
  }

  /**
   * Starts following the history: the entries after {@code since} that {@code filter} lets through (all of them,
   * oldest first) are in {@link Subscription#replay}, and every later one that it lets through goes to
   * {@code live}, none missed and none twice. {@code live} runs on the registry's writing thread: it must only
   * hand the entry on. Close the subscription to stop.
   */
  public Subscription subscribe(long since, Predicate<HistoryEntry> filter, Consumer<HistoryEntry> live) {
    Subscription s = new Subscription(filter, live);
    synchronized (entries) {
      List<HistoryEntry> replay = new ArrayList<>();
      collect(since, filter, Integer.MAX_VALUE, replay);
      s.replay = List.copyOf(replay);
      subscribers.add(s);
    }
    return s;
  }

  /** Subscribers now; for the metrics and tests. */
  public int subscribers() {
    return subscribers.size();
  }

  /** Stops the file's writer once it has written what is queued, and closes the file. Idempotent. */
  @Override
  public void close() {
    writer.ifPresent(w -> {
      w.shutdown();
      try {
        if (!w.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.log(Level.WARNING, "event history writer did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    file.ifPresent(HistoryFile::close);
  }

  /** One follower of the history ({@link #subscribe}). */
  public final class Subscription implements AutoCloseable {

    private final Predicate<HistoryEntry> filter;
    private final Consumer<HistoryEntry> live;
    private List<HistoryEntry> replay;

    private Subscription(Predicate<HistoryEntry> filter, Consumer<HistoryEntry> live) {
      this.filter = filter;
      this.live = live;
    }

    /** The entries that were held when it started, oldest first. */
    public List<HistoryEntry> replay() {
      return replay;
    }

    private void deliver(HistoryEntry entry) {
      if (filter.test(entry)) {
        try {
          live.accept(entry);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "event subscriber failed on index " + entry.index() + ": " + e);
        }
      }
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
