package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import java.util.concurrent.CompletionStage;

/**
 * Runs one HTTP or TCP check once. A probe never blocks its caller (the engine's thread) and always
 * completes: a refused connection, a timeout or any other failure is a critical state whose output says
 * what happened. The engine cancels the returned stage's future when the check's timeout passes first; a
 * probe then frees what it holds (closes its connection).
 */
public interface Probe extends AutoCloseable {

  CompletionStage<ProbeResult> run(CheckSpec check);

  @Override
  default void close() {}

  /** HTTP and TCP checks over the network, within {@link ProbeLimits#DEFAULT}, never to the always-denied targets. */
  static Probe network() {
    return network(ProbeLimits.DEFAULT);
  }

  /**
   * HTTP checks through Signpost's keep-alive HTTP/1.1 client (https through the JDK's), TCP checks through
   * asynchronous sockets; at most {@code limits.perTarget()} idle HTTP connections per target and
   * {@code limits.total()} open in all.
   */
  static Probe network(ProbeLimits limits) {
    return network(limits, CheckTargets.standard());
  }

  /**
   * Like {@link #network(ProbeLimits)}, reaching only the addresses {@code targets} allows: every probe and
   * every redirect hop is judged after its host name is resolved.
   */
  static Probe network(ProbeLimits limits, CheckTargets targets) {
    return new NetworkProbe(limits, java.util.Objects.requireNonNull(targets, "targets"));
  }
}
