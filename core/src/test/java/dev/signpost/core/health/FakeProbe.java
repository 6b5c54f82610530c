package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A probe whose endpoints the test flips: each check answers the status set for it (passing by default),
 * at once, or never when held or when its host hangs. It records when each check ran, on the scheduler's
 * clock, and how many probes to each host were in flight at most.
 */
final class FakeProbe implements Probe {

  private final ManualScheduler clock;
  private final Map<String, HealthStatus> answers = new HashMap<>();
  private final Map<String, List<Duration>> runs = new HashMap<>();
  private final List<CompletableFuture<ProbeResult>> held = new ArrayList<>();
  private final Set<String> hangingHosts = new HashSet<>();
  private final Map<String, List<CompletableFuture<ProbeResult>>> pendingByHost = new HashMap<>();
  private final Map<String, Integer> maxInFlight = new HashMap<>();
  private boolean hold;

  FakeProbe(ManualScheduler clock) {
    this.clock = clock;
  }

  void answer(String checkId, HealthStatus status) {
    answers.put(checkId, status);
  }

  /** From now on, probes do not complete until {@link #release} (a hung endpoint). */
  void hold() {
    hold = true;
  }

  void release(HealthStatus status) {
    hold = false;
    held.forEach(f -> f.complete(ProbeResult.of(new CheckState(status, "released"))));
    held.clear();
  }

  /** From now on, probes to {@code hostPort} ({@link ProbeTarget#key}) never complete (an endpoint that hangs). */
  void hang(String hostPort) {
    hangingHosts.add(hostPort);
  }

  /** The most probes to {@code hostPort} that were in flight at once. */
  int maxInFlight(String hostPort) {
    return maxInFlight.getOrDefault(hostPort, 0);
  }

  /** Probes to {@code hostPort} that were cancelled (their check's timeout passed first). */
  long cancelled(String hostPort) {
    return pendingByHost.getOrDefault(hostPort, List.of()).stream().filter(CompletableFuture::isCancelled).count();
  }

  List<Duration> runsOf(String checkId) {
    return runs.getOrDefault(checkId, List.of());
  }

  @Override
  public CompletionStage<ProbeResult> run(CheckSpec check) {
    runs.computeIfAbsent(check.checkId(), k -> new ArrayList<>()).add(clock.elapsed());
    String host = ProbeTarget.of(check).key();
    if (hold || hangingHosts.contains(host)) {
      CompletableFuture<ProbeResult> pending = new CompletableFuture<>();
      List<CompletableFuture<ProbeResult>> ofHost = pendingByHost.computeIfAbsent(host, k -> new ArrayList<>());
      ofHost.add(pending);
      maxInFlight.merge(host, (int) ofHost.stream().filter(f -> !f.isDone()).count(), Math::max);
      if (hold) {
        held.add(pending);
      }
      return pending;
    }
    HealthStatus status = answers.getOrDefault(check.checkId(), HealthStatus.PASSING);
    return CompletableFuture.completedFuture(ProbeResult.of(new CheckState(status, "probe says " + status.wireName())));
  }
}
