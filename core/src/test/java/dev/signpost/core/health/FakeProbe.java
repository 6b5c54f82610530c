package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A probe whose endpoints the test flips: each check answers the status set for it (passing by default),
 * at once, or never when held. It records when each check ran, on the scheduler's clock.
 */
final class FakeProbe implements Probe {

  private final ManualScheduler clock;
  private final Map<String, HealthStatus> answers = new HashMap<>();
  private final Map<String, List<Duration>> runs = new HashMap<>();
  private final List<CompletableFuture<ProbeResult>> held = new ArrayList<>();
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

  List<Duration> runsOf(String checkId) {
    return runs.getOrDefault(checkId, List.of());
  }

  @Override
  public CompletionStage<ProbeResult> run(CheckSpec check) {
    runs.computeIfAbsent(check.checkId(), k -> new ArrayList<>()).add(clock.elapsed());
    if (hold) {
      CompletableFuture<ProbeResult> pending = new CompletableFuture<>();
      held.add(pending);
      return pending;
    }
    HealthStatus status = answers.getOrDefault(check.checkId(), HealthStatus.PASSING);
    return CompletableFuture.completedFuture(ProbeResult.of(new CheckState(status, "probe says " + status.wireName())));
  }
}
