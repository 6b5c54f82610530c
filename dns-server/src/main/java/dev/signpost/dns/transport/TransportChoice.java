package dev.signpost.dns.transport;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The transport {@code --io} asked for, resolved against what this host can run, with the reason in words for
 * the start-up log and {@code /metrics}: an operator comparing two hosts' CPU should not have to guess which
 * transport each one runs.
 *
 * <p>{@code auto} takes epoll where it loads and NIO elsewhere. It does not take io_uring yet: io_uring must
 * first show in {@code bench/compare-knot.sh} that it costs less CPU per query than epoll. A transport named
 * outright that cannot run here is refused rather than replaced, so a benchmark never measures another
 * transport than the one it names.
 *
 * @param transport what runs
 * @param requested what {@code --io} said: {@code io_uring}, {@code epoll}, {@code nio} or {@code auto}
 * @param reason why {@code transport} runs, in one line
 */
public record TransportChoice(IoTransport transport, String requested, String reason) {

  public static final String AUTO = "auto";

  /** What {@code --io} takes, in the order the usage text lists them. */
  public static final List<String> NAMES = List.of(IoTransport.IO_URING.flagName(), IoTransport.EPOLL.flagName(),
      IoTransport.NIO.flagName(), AUTO);

  /** What {@code auto} resolves to on this host. */
  public static TransportChoice auto() {
    return resolve(AUTO);
  }

  /**
   * @param requested one of {@link #NAMES}
   * @throws IllegalArgumentException in one line, when {@code requested} names a transport this host cannot run
   */
  public static TransportChoice resolve(String requested) {
    return resolve(requested, IoTransport::unavailability);
  }

  /** As {@link #resolve(String)}, with what this host cannot run given, for tests. */
  static TransportChoice resolve(String requested, Function<IoTransport, Optional<Throwable>> unavailability) {
    if (requested.equals(AUTO)) {
      Optional<Throwable> noEpoll = unavailability.apply(IoTransport.EPOLL);
      if (noEpoll.isPresent()) {
        return new TransportChoice(IoTransport.NIO, AUTO, "auto: epoll unavailable: " + oneLine(noEpoll.get()));
      }
      Optional<Throwable> noUring = unavailability.apply(IoTransport.IO_URING);
      return new TransportChoice(IoTransport.EPOLL, AUTO, "auto: epoll is the default; io_uring "
          + noUring.map(cause -> "unavailable: " + oneLine(cause)).orElse("available with --io io_uring"));
    }
    IoTransport named = named(requested);
    Optional<Throwable> cause = unavailability.apply(named);
    if (cause.isPresent()) {
      throw new IllegalArgumentException("--io " + requested + ": " + requested + " unavailable: "
          + oneLine(cause.get()));
    }
    return new TransportChoice(named, requested, "asked for with --io " + requested);
  }

  /**
   * @return {@code name} if it is one of {@link #NAMES}
   * @throws IllegalArgumentException naming the flag and the choices otherwise
   */
  public static String checkName(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("--io must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
    }
    return name;
  }

  private static IoTransport named(String name) {
    checkName(name);
    for (IoTransport t : IoTransport.values()) {
      if (t.flagName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("--io " + name + " is not a transport"); // auto, handled by the caller
  }

  /** A cause as one line: Netty's native loading errors can carry several, with the paths it tried. */
  private static String oneLine(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root == cause ? cause.toString() : cause + " (" + root + ")";
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** {@code io_uring (asked for with --io io_uring)}: for the start-up line and the log. */
  public String describe() {
    return transport.flagName() + " (" + reason + ")";
  }
}
