package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one probe of a check within the probe slots ({@link ProbeSlots}), and enforces the check's timeout
 * on the engine's clock whatever the probe does: at the timeout the probe is cancelled, which closes its
 * connection, and the result is critical, "timed out". So a hung endpoint costs its host's slots and a
 * timer, never a thread, and never delays the checks of another host.
 *
 * <p>The timeout counts from the probe's start, not the run's: a run may first wait for a slot. Each
 * timeout's worth of waiting, it asks whether its host hangs (the last probe to finish there timed out):
 * then it ends critical at once, like the probes ahead of it; otherwise the host answers and it is the
 * checker that is behind (more checks than its CPU or the slots allow), so the run waits on and is late
 * rather than failed: an overloaded checker must not take healthy instances out of DNS.
 *
 * <p>Engine thread only: the probe's completion is handed back through the scheduler, and the run ends
 * there with exactly one call to {@link Done}, unless it is cancelled first.
 */
final class ProbeLauncher {

  /** Takes a run's result; {@code took} is the probe's own time (the wait when it never got a slot). */
  interface Done {
    void finished(ProbeResult result, Duration took);
  }

  private final Probe probe;
  private final HealthScheduler scheduler;
  private final TimeSource time;
  private final ProbeSlots slots;
  private final LongAdder timedOut = new LongAdder();

  ProbeLauncher(Probe probe, HealthScheduler scheduler, ProbeSlots slots) {
    this.probe = probe;
    this.scheduler = scheduler;
    this.time = scheduler.time();
    this.slots = slots;
  }

  /** Starts a run; cancelling it (the check stopped) frees its slot or place and drops its result. */
  HealthScheduler.Cancellable launch(CheckSpec check, ProbeTarget target, Done done) {
    Run run = new Run(check, target.key(), done);
    run.timer = scheduler.schedule(check.effectiveTimeout(), run::waitedLong);
    slots.acquire(target.key(), run);
    return run::cancel;
  }

  /** Runs ended by their timeout, since start; read from any thread. */
  long timedOut() {
    return timedOut.sum();
  }

  private enum Stage { WAITING, RUNNING, ENDED }

  private final class Run implements ProbeSlots.Waiter {
    final CheckSpec check;
    final String target;
    final Done done;
    final long launched = time.nanoTime();
    Stage stage = Stage.WAITING;
    HealthScheduler.Cancellable timer = HealthScheduler.Cancellable.NONE;
    CompletableFuture<ProbeResult> probing;
    long probeStart;

    Run(CheckSpec check, String target, Done done) {
      this.check = check;
      this.target = target;
      this.done = done;
    }

    @Override
    public void granted() {
      stage = Stage.RUNNING;
      timer.cancel();
      timer = scheduler.schedule(check.effectiveTimeout(), this::timedOut);
      probeStart = time.nanoTime();
      CompletionStage<ProbeResult> started;
      try {
        started = probe.run(check);
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      probing = started.toCompletableFuture();
      // Never completed here, even when the probe already is: the slots are not re-entered.
      probing.whenComplete((result, error) -> scheduler.execute(() -> completed(result, error)));
    }

    private void completed(ProbeResult result, Throwable error) {
      if (stage != Stage.RUNNING) {
        return; // timed out or cancelled meanwhile
      }
      end(ProbeSlots.Outcome.ANSWERED);
      done.finished(error == null ? result : critical("check failed: " + error.getMessage()),
          Duration.ofNanos(time.nanoTime() - probeStart));
    }

    private void timedOut() {
      if (stage != Stage.RUNNING) {
        return;
      }
      end(ProbeSlots.Outcome.TIMED_OUT);
      timedOut.increment();
      done.finished(critical(timedOutAfter()), Duration.ofNanos(time.nanoTime() - probeStart));
    }

    private void waitedLong() {
      if (stage != Stage.WAITING) {
        return;
      }
      if (!slots.hangs(target)) {
        timer = scheduler.schedule(check.effectiveTimeout(), this::waitedLong); // late, not failed
        return;
      }
      String why = timedOutAfter() + " waiting for a probe slot: " + slots.whyWaiting(target);
      end(ProbeSlots.Outcome.CANCELLED);
      timedOut.increment();
      done.finished(critical(why), Duration.ofNanos(time.nanoTime() - launched));
    }

    private String timedOutAfter() {
      return ProbeTarget.describe(check) + ": timed out after " + ProbeFailures.seconds(check.effectiveTimeout());
    }

    void cancel() {
      end(ProbeSlots.Outcome.CANCELLED);
    }

    private void end(ProbeSlots.Outcome outcome) {
      Stage was = stage;
      stage = Stage.ENDED;
      timer.cancel();
      if (was == Stage.WAITING) {
        slots.abandon(target, this);
      } else if (was == Stage.RUNNING) {
        probing.cancel(true); // a finished probe ignores this; a running one closes its connection
        slots.release(target, outcome);
      }
    }
  }

  private static ProbeResult critical(String output) {
    return ProbeResult.of(new CheckState(HealthStatus.CRITICAL, output));
  }
}
