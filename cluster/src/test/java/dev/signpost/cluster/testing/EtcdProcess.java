package dev.signpost.cluster.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real etcd member, a child process on 127.0.0.1: alone ({@link #startSingle}) or one of an
 * {@link EtcdCluster}. Its directory holds etcd's data ({@code data/}) and everything etcd printed
 * ({@code etcd.log}, appended across restarts, so a failed test can be read afterwards).
 *
 * <p>A restart reuses the name, ports and data: etcd 3.4 reads its membership from the data directory and ignores
 * the {@code --initial-cluster*} flags then, so the same command line serves the first start and every later one
 * ({@code --initial-cluster-state existing} is only for a member joining a running cluster without data).
 */
public final class EtcdProcess implements AutoCloseable {

  private static final Duration STOP_BOUND = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Path binary;
  private final String name;
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private final String initialCluster;
  private final String token;
  private Process process;

  EtcdProcess(Path binary, String name, Path dir, int clientPort, int peerPort, String initialCluster,
      String token) {
    this.binary = binary;
    this.name = name;
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.initialCluster = initialCluster;
    this.token = token;
  }

  /** A new single-member cluster with its data and log in {@code dir}, healthy; skips the test without etcd. */
  public static EtcdProcess startSingle(Path dir) {
    return EtcdStarter.startNewCluster(List.of(dir)).get(0);
  }

  /** {@code http://127.0.0.1:port}, where clients reach this member. */
  public String clientUrl() {
    return url(clientPort);
  }

  /** {@code http://127.0.0.1:port}, where the other members reach this one. */
  public String peerUrl() {
    return url(peerPort);
  }

  /** The name etcd knows this member by ({@code m0, m1, ...}). */
  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, as in a crash or a pulled plug: nothing is flushed, no peer is told. Returns once it is gone. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it has not exited within 10 s. Returns once it is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    awaitExit();
  }

  /**
   * Starts this member again with its name, ports and data (stopping it first if it runs) and waits until it is
   * healthy, which for a member of a cluster needs a majority of the members running.
   */
  public void restart() {
    stop();
    EtcdStarter.startTogether(List.of(this));
  }

  /** Compacts etcd's history at the current revision, which it returns. */
  public long compact() {
    return EtcdSupport.compactAtCurrentRevision(List.of(clientUrl()));
  }

  /** Where everything etcd printed goes, across restarts. */
  public Path logFile() {
    return dir.resolve("etcd.log");
  }

  /** The last lines etcd printed, for a failure message. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills the member and deletes its directory, data and log alike. */
  @Override
  public void close() {
    kill();
    EtcdSupport.deleteRecursively(dir);
  }

  @Override
  public String toString() {
    return "etcd " + name + " at " + clientUrl() + (isAlive() ? "" : " (not running)");
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  void launch() {
    List<String> command = List.of(binary.toString(),
        "--name", name,
        "--data-dir", dataDir().toString(),
        "--listen-client-urls", clientUrl(),
        "--advertise-client-urls", clientUrl(),
        "--listen-peer-urls", peerUrl(),
        "--initial-advertise-peer-urls", peerUrl(),
        "--initial-cluster", initialCluster,
        "--initial-cluster-state", "new",
        "--initial-cluster-token", token,
        // zap to stderr, warnings up: quiet and never journald. 3.4's default capnslog would print every step.
        "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn");
    try {
      Files.createDirectories(dir);
      Files.writeString(logFile(), "=== " + Instant.now() + " starting " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile().toFile()));
      // etcd 3.4 refuses to start when an ETCD_* variable and a flag set the same thing; a developer's own
      // settings must not leak into a test's member anyway.
      builder.environment().keySet().removeIf(key -> key.startsWith("ETCD_"));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    LeftoverProcesses.track(process);
  }

  boolean healthy() {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(clientUrl() + "/health").toURL()
          .openConnection(Proxy.NO_PROXY);
      http.setConnectTimeout(500);
      http.setReadTimeout(1000);
      try (InputStream in = http.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"health\":\"true\"");
      } finally {
        http.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("etcd member " + name + " (pid " + process.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for etcd member " + name + " to exit", e);
    }
    LeftoverProcesses.forget(process);
  }

  /** Whether it exited because another process took one of its ports between our picking and its binding. */
  boolean lostAPortRace() {
    return !isAlive() && logTail().contains("address already in use");
  }

  int exitValue() {
    return process.exitValue();
  }

  String describeLog() {
    return "\n--- last lines of " + logFile() + " ---\n" + logTail();
  }

  static String url(int port) {
    return "http://127.0.0.1:" + port;
  }
}
