package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar running as a child process, as a user runs it. Always stopped by the test. */
final class SignpostProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("on (\\S+):(\\d+) \\(UDP and TCP\\), HTTP API on (\\S+):(\\d+)");

  final Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stderrPump;
  InetSocketAddress dns;
  InetSocketAddress api;
  /** The line saying where it listens, once started. */
  String startLine;
  /** A test's name for this process (a cluster node's {@code --node-name}); null when it has none. */
  String name;

  private SignpostProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout::add);
    stderrPump = pump(process.getErrorStream(), line -> stderr.append(line).append('\n'));
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("signpost.jar", "target/signpost.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no packaged jar at " + jar.toAbsolutePath() + ": run mvn verify");
    }
    return jar;
  }

  /** Starts the jar with these flags; does not wait for it to be ready. */
  static SignpostProcess launch(String... flags) throws IOException {
    return launch(List.of("-Xmx256m"), flags);
  }

  /** Starts the jar with these JVM options and flags; does not wait for it to be ready. */
  static SignpostProcess launch(List<String> jvmOptions, String... flags) throws IOException {
    return launch(Map.of(), jvmOptions, flags);
  }

  /**
   * Starts the jar with these {@code SIGNPOST_*} variables (and none of the test's own), JVM options and flags;
   * does not wait for it to be ready.
   */
  static SignpostProcess launch(Map<String, String> env, List<String> jvmOptions, String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SIGNPOST_"));
    builder.environment().putAll(env);
    return new SignpostProcess(builder.start());
  }

  /** Starts the jar on ephemeral loopback ports, with more flags if given, and waits until it says where it listens. */
  static SignpostProcess start(Path dataDir, String... more) throws Exception {
    return start(List.of("-Xmx256m"), dataDir, more);
  }

  /** As {@link #start(Path, String...)}, with these JVM options. */
  static SignpostProcess start(List<String> jvmOptions, Path dataDir, String... more) throws Exception {
    return start(Map.of(), jvmOptions, dataDir, more);
  }

  /** As {@link #start(Path, String...)}, with these {@code SIGNPOST_*} variables and JVM options. */
  static SignpostProcess start(Map<String, String> env, List<String> jvmOptions, Path dataDir, String... more)
      throws Exception {
    List<String> flags = new ArrayList<>(List.of("--dns-port", "0", "--http-port", "0", "--data-dir", dataDir.toString()));
    flags.addAll(List.of(more));
    SignpostProcess p = launch(env, jvmOptions, flags.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = p.stdout.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = STARTED.matcher(line);
        if (m.find()) {
          p.startLine = line;
          p.dns = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
          p.api = new InetSocketAddress(m.group(3), Integer.parseInt(m.group(4)));
          return p;
        }
      }
      if (!p.process.isAlive() && p.stdout.isEmpty()) {
        break;
      }
    }
    p.close();
    throw new AssertionError("signpost did not start; stderr: " + p.stderr);
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  /**
   * Checks that {@code p} (launched, not yet started) refuses to start as a usage error: exit code 2 and one
   * line on stderr containing {@code message}; then closes it.
   */
  static void assertFailsWith(SignpostProcess p, String message) throws Exception {
    try (p) {
      assertThat(p.awaitExit()).isEqualTo(2);
      String err = p.stderr();
      assertThat(err).contains(message);
      assertThat(err.strip().lines()).hasSize(1);
    }
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("signpost did not exit; stderr: " + stderr);
    }
    return process.exitValue();
  }

  /** The next line on stdout not read yet, waiting for it up to 10 s; null if none came. */
  String nextLine() throws InterruptedException {
    return stdout.poll(10, TimeUnit.SECONDS);
  }

  /** Everything the process wrote to stderr; call after it exited. */
  String stderr() throws InterruptedException {
    stderrPump.join(5000);
    return stderr.toString();
  }

  /** What the process has written to stderr so far, while it runs. */
  String stderrSoFar() {
    return stderr.toString();
  }

  /** Sends SIGHUP ({@code kill -HUP}), as an operator does to make it reload. */
  void hangUp() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -HUP " + process.pid() + " failed");
    }
  }

  /** SIGKILL: no shutdown code runs, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Thread pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
