package dev.signpost.itspring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code dns-server/target/signpost.jar}) as a child process on ephemeral loopback ports, as a
 * user runs it. dns-server's own starter lives in its test sources, with the server on their class path; this
 * module keeps the server off its own, so it has this small one.
 */
final class SignpostJar implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("HTTP API on (\\S+):(\\d+)");

  private final Process process;
  /** Where the HTTP API listens, as the jar reported it. */
  final InetSocketAddress api;

  private SignpostJar(Process process, InetSocketAddress api) {
    this.process = process;
    this.api = api;
  }

  /** Starts the jar with its data in {@code dataDir} and waits until it says where it listens. */
  static SignpostJar start(Path dataDir) throws Exception {
    Path jar = Path.of(System.getProperty("signpost.jar", "../dns-server/target/signpost.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no packaged jar at " + jar.toAbsolutePath() + ": run mvn verify from the root");
    }
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString(), "--dns-port", "0", "--http-port", "0", "--data-dir", dataDir.toString())
        .redirectError(dataDir.resolveSibling("signpost.err").toFile()).start();
    CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) { // read to the end, so the jar never blocks writing
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            started.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      started.completeExceptionally(new IllegalStateException("signpost exited before it started; see signpost.err"));
    }, "signpost-stdout");
    pump.setDaemon(true);
    pump.start();
    try {
      return new SignpostJar(process, started.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
