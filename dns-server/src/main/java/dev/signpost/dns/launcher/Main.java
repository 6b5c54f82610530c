package dev.signpost.dns.launcher;

import dev.signpost.core.Addresses;
import dev.signpost.core.SignpostVersion;
import dev.signpost.core.storage.StoreException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import sun.misc.Signal;

/**
 * {@code java -jar signpost.jar}: parses the command line, starts the server, and stops it cleanly on
 * SIGTERM or SIGINT (exit 0); SIGHUP reloads the zone files and the API's TLS files. A bad flag, a port
 * in use, an unusable data dir or TLS file: one line on stderr and exit code 2.
 */
public final class Main {

  static final int EXIT_USAGE = 2;

  /**
   * etcd's client (gRPC over Netty) asks every connection for epoll's {@code TCP_USER_TIMEOUT}, which Netty
   * refuses on NIO channels with a warning per connection: noise, held here (the JDK keeps loggers weakly).
   */
  private static final java.util.logging.Logger NETTY_BOOTSTRAP = quiet("io.netty.bootstrap.Bootstrap");

  private Main() {}

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  public static void main(String[] args) {
    // One line per log record, also before ProcessLog takes over (a record logged while the flags are read).
    System.setProperty("java.util.logging.SimpleFormatter.format", ProcessLog.TEXT_FORMAT);
    // HTTP health checks, before the JDK's client first loads: a check may set its Host header (as a
    // Consul check can), and an idle probe connection closes after 5 s rather than the JDK's 20 minutes,
    // so thousands of checked endpoints do not each hold a socket open between checks.
    defaultProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    defaultProperty("jdk.httpclient.keepalive.timeout", "5");
    // Netty's leak detector records a stack trace for one buffer in 128: about 5 % of the user CPU a DNS
    // query costs (async-profiler under dnsperf). The tests, which start the server without this entry
    // point, keep it on; -Dio.netty.leakDetection.level=simple turns it back on here.
    defaultProperty("io.netty.leakDetection.level", "disabled");
    // With fewer than 3 CPUs the common pool has one thread, and CompletableFuture then starts a thread per
    // async completion: the JDK's HTTP client, which runs https health checks, completes each one that way.
    if (Runtime.getRuntime().availableProcessors() < 3) {
      defaultProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
    }
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrorExit(System.err, code -> Runtime.getRuntime().halt(code)));
    // Exit explicitly: the status is the contract (0 after a clean stop, 2 for a usage error), and no
    // thread left running by a failure may keep the process alive.
    int code;
    try {
      code = run(args, System.getenv(), System.out, System.err);
    } catch (Throwable e) {
      System.err.println("signpost: failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /** Sets a system property unless the user set it with {@code -D}. */
  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /** {@code env}: the process's environment, for the {@code SIGNPOST_*} variables. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    LauncherOptions options;
    try {
      options = LauncherOptions.parse(env, args);
    } catch (UsageException e) {
      err.println("signpost: " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    }
    if (options == null) {
      out.print(asksVersion(args) ? "signpost " + SignpostVersion.current() + "\n" : LauncherOptions.USAGE);
      return 0;
    }
    // Before anything logs: from here on every line on stderr (and the start-up line) has the chosen format.
    ProcessLog log = ProcessLog.install(options.logging(), err);
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrorExit(err, log, code -> Runtime.getRuntime().halt(code)));
    SignpostServer server;
    try {
      server = SignpostServer.start(options);
    } catch (StoreException | IllegalArgumentException e) {
      err.print(log.line(Level.SEVERE, "signpost: " + e.getMessage(), null));
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      if (!isListenFailure(e)) {
        err.print(log.line(Level.SEVERE, "signpost: failed: " + e, e));
        return 1;
      }
      err.print(log.line(Level.SEVERE, "signpost: " + e.getMessage(), null));
      return EXIT_USAGE;
    }
    out.print(log.line(Level.INFO, startLine(server, options), null));
    out.flush();
    awaitStopSignal(server);
    return 0;
  }

  /**
   * What the process says once it serves, in one line: its version, where DNS and the API listen (the bound
   * ports), the store and what it holds, the node and its cluster, and the rest of what shapes answers.
   */
  static String startLine(SignpostServer server, LauncherOptions options) {
    return "signpost " + SignpostVersion.current() + ": answering DNS for " + server.zone().domain() + " on "
        + hostPort(server.dnsAddress()) + " (UDP and TCP), HTTP API on " + hostPort(server.httpAddress())
        + (server.httpTls() ? " (HTTPS only)" : "") + "; store: " + server.storeSummary() + "; "
        + server.clusterSummary()
        + (options.upstreams().isEmpty() ? "" : "; forwarding to " + options.upstreams())
        + (options.zoneFiles().isEmpty() ? "" : "; " + server.zonesSummary()) + "; transport " + server.io().describe();
  }

  /** Parsed once already: only {@code --help} or {@code --version} gets here with no options. */
  private static boolean asksVersion(String[] args) {
    try {
      return LauncherOptions.asksVersion(args);
    } catch (UsageException e) {
      return false;
    }
  }

  static String hostPort(java.net.InetSocketAddress address) {
    return Addresses.hostPort(address.getAddress().getHostAddress(), address.getPort());
  }

  private static boolean isListenFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof dev.signpost.dns.transport.ListenException) {
        return true;
      }
    }
    return false;
  }

  private static void reload(SignpostServer server) {
    System.Logger log = System.getLogger(Main.class.getName());
    try {
      log.log(System.Logger.Level.INFO, "SIGHUP: " + server.reloadZones());
    } catch (IllegalArgumentException e) {
      log.log(System.Logger.Level.WARNING, "SIGHUP: zone files not reloaded: " + e.getMessage());
    }
    if (server.httpTls()) {
      try {
        log.log(System.Logger.Level.INFO, "SIGHUP: HTTP API TLS reloaded: new connections get " + server.reloadTls());
      } catch (IllegalArgumentException e) {
        log.log(System.Logger.Level.WARNING, "SIGHUP: HTTP API TLS not reloaded, the previous certificate keeps "
            + "serving: " + e.getMessage());
      }
    }
  }

  /** Blocks until SIGTERM or SIGINT, then stops the server: stop accepting, flush the journal. */
  private static void awaitStopSignal(SignpostServer server) {
    CountDownLatch stop = new CountDownLatch(1);
    // Handling the signals ourselves (instead of a shutdown hook) lets a clean stop exit with 0, not 143.
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    // SIGHUP re-reads the zone files, as name servers do, and the API's TLS files, as web servers do; an
    // error is logged and what was served stays.
    Signal.handle(new Signal("HUP"), s -> reload(server));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }
}
