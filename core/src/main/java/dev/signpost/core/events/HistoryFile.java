package dev.signpost.core.events;

import dev.signpost.core.storage.HistoryCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The history's file under the data directory, {@value #NAME}: one JSON line per entry ({@link HistoryCodec}),
 * appended by one writer off the registry's lock. {@link #offer} never blocks: an entry that finds the queue full,
 * or that the disk refuses, is dropped from the file (it stays in memory until it ages out), counted and
 * warned about once per run of drops. The file is rewritten with the last {@code capacity} entries (a temporary
 * file renamed over it) once it holds twice as many. Not fsync'd: the history is a record for people, and a
 * crash loses at most its last lines, which {@link #load} then skips if torn.
 */
final class HistoryFile implements AutoCloseable {

  static final String NAME = "events.log";
  /** Entries waiting for the writer; beyond it they are dropped, never waited for. */
  static final int QUEUE = 4096;

  private static final System.Logger LOG = System.getLogger(EventHistory.LOGGER);

  private final Path file;
  private final int capacity;
  private final Executor writer;
  private final ArrayBlockingQueue<HistoryEntry> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final LongAdder dropped = new LongAdder();
  /** Set while entries are being dropped, so a run of drops warns once. */
  private final AtomicBoolean dropping = new AtomicBoolean();
  // The writer's own state, touched by one drain at a time.
  private final ArrayDeque<String> lastLines = new ArrayDeque<>();
  private long lines;
  private Writer out;

  /** What {@link #load} found: the last {@code capacity} entries, oldest first, and the file's line count. */
  record Loaded(List<HistoryEntry> entries, long lines) {}

  HistoryFile(Path dataDir, int capacity, Executor writer, int queue, Loaded loaded) {
    this.file = dataDir.resolve(NAME);
    this.capacity = capacity;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(queue);
    loaded.entries().forEach(e -> remember(HistoryCodec.encode(e)));
    this.lines = loaded.lines();
  }

  /**
   * Reads the file: every line that holds an entry, the last {@code capacity} of them kept. A line that does
   * not (torn by a crash, damaged) is skipped with a warning: the history never stops a start.
   */
  static Loaded load(Path dataDir, int capacity) {
    Path file = dataDir.resolve(NAME);
    ArrayDeque<HistoryEntry> kept = new ArrayDeque<>();
    long count = 0;
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = reader.readLine()) != null; ) {
        count++;
        if (line.isBlank()) {
          continue;
        }
        try {
          kept.add(HistoryCodec.decode(line));
          if (kept.size() > capacity) {
            kept.poll();
          }
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "event history " + file + ": line " + count + " skipped: " + e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      return new Loaded(List.of(), 0);
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.log(Level.WARNING, "event history " + file + " not read past line " + count + ": " + e);
    }
    return new Loaded(new ArrayList<>(kept), count);
  }

  /** Queues an entry for the file; drops it (counted) when the queue is full. Never blocks. */
  void offer(HistoryEntry entry) {
    if (!queue.offer(entry)) {
      drop(1, "the writer is behind (" + queue.size() + " entries queued)");
      return;
    }
    if (draining.compareAndSet(false, true)) {
      writer.execute(this::drain);
    }
  }

  /** History entries dropped from the file: queue full, or the disk refused them. */
  long dropped() {
    return dropped.sum();
  }

  private void drain() {
    try {
      List<HistoryEntry> batch = new ArrayList<>();
      while (queue.drainTo(batch) > 0) {
        write(batch);
        batch.clear();
      }
    } finally {
      draining.set(false);
    }
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      writer.execute(this::drain); // one offered after the last look and before the flag was down
    }
  }

  private void write(List<HistoryEntry> batch) {
    try {
      if (out == null) {
        out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE));
      }
      for (HistoryEntry e : batch) {
        String line = HistoryCodec.encode(e);
        out.write(line);
        out.write('\n');
        remember(line);
        lines++;
      }
      out.flush();
      if (dropping.compareAndSet(true, false)) {
        LOG.log(Level.INFO, "event history " + file + " written again after " + dropped.sum()
            + " entries dropped so far");
      }
      if (lines > 2L * capacity) {
        compact();
      }
    } catch (IOException e) {
      closeQuietly();
      drop(batch.size(), e.toString());
    }
  }

  /** Rewrites the file with the last {@code capacity} lines, atomically: the old file or the new, never half. */
  private void compact() throws IOException {
    closeQuietly();
    Path temp = file.resolveSibling(NAME + ".tmp");
    try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      for (String line : lastLines) {
        w.write(line);
        w.write('\n');
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lines = lastLines.size();
  }

  private void remember(String line) {
    lastLines.add(line);
    if (lastLines.size() > capacity) {
      lastLines.poll();
    }
  }

  private void drop(int count, String why) {
    dropped.add(count);
    if (dropping.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "event history " + file + ": entries dropped from the file (" + why
          + "); the registry is not affected");
    }
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing " + file + ": " + e);
      }
      out = null;
    }
  }

  /** Writes what is queued, on the caller's thread (the writer is stopped by then), and closes the file. */
  @Override
  public void close() {
    List<HistoryEntry> rest = new ArrayList<>();
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      write(rest);
    }
    closeQuietly();
  }
}
