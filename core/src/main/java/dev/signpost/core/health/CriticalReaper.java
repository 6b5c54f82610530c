package dev.signpost.core.health;

import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.TimeSource;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code DeregisterCriticalServiceAfter}: times how long a check's stored state has been critical, and
 * deregisters its instance once that is as long as the check allows (exactly; Consul rounds up to a
 * minute). The deregistration is decided on the instance's current value, so a recovery written just
 * before it wins. Engine thread only.
 */
final class CriticalReaper {

  private static final System.Logger LOG = System.getLogger(HealthEngine.class.getName());

  /** How soon a deregistration the store failed (a full disk) is tried again. */
  static final Duration RETRY = Duration.ofSeconds(1);

  private final InstanceUpdates updates;
  private final HealthScheduler scheduler;
  private final TimeSource time;
  /** The last reason a deregistration failed, so a failing store is not logged every second. */
  private volatile String lastFailure;

  CriticalReaper(InstanceUpdates updates, HealthScheduler scheduler) {
    this.updates = updates;
    this.scheduler = scheduler;
    this.time = scheduler.time();
  }

  /** Starts the clock when {@code stored} is critical and it is not running yet; stops it otherwise. */
  void watch(CheckRunner runner, CheckState stored) {
    Duration after = runner.spec.deregisterCriticalServiceAfter();
    if (after.isZero() || stored.status() != HealthStatus.CRITICAL) {
      runner.criticalSince = CheckRunner.NEVER;
      runner.reaper.cancel();
      return;
    }
    if (runner.criticalSince == CheckRunner.NEVER) {
      runner.criticalSince = time.nanoTime();
      runner.reaper = scheduler.schedule(after, () -> reap(runner));
    }
  }

  private void reap(CheckRunner runner) {
    if (runner.stopped) {
      return;
    }
    CompletionStage<Optional<Instance>> removal;
    try {
      removal = updates.deregisterIf(runner.instanceId, i -> i.checkState(runner.checkId())
          .filter(s -> s.status() == HealthStatus.CRITICAL).isPresent());
    } catch (RuntimeException e) {
      removal = CompletableFuture.failedFuture(e); // the store refused it at once
    }
    removal.whenComplete((removed, error) -> {
      if (error != null) {
        // A removal must be durable; the check is still critical, so it is due still: try again. Said once
        // per reason, not every second for every instance while the disk is full.
        if (!error.getMessage().equals(lastFailure)) {
          lastFailure = error.getMessage();
          LOG.log(Level.WARNING, "could not deregister " + runner.instanceId + " (critical instances are tried "
              + "again every " + ProbeFailures.seconds(RETRY) + "): " + error.getMessage());
        }
        scheduler.execute(() -> retry(runner));
      } else if (removed.isPresent()) {
        lastFailure = null;
        LOG.log(Level.INFO, "deregistered " + runner.instanceId + ": check " + runner.checkId()
            + " was critical for " + ProbeFailures.seconds(runner.spec.deregisterCriticalServiceAfter()));
      }
    });
  }

  /** Reaps again after {@link #RETRY}, unless the check recovered (or was removed) meanwhile. */
  private void retry(CheckRunner runner) {
    if (!runner.stopped && runner.criticalSince != CheckRunner.NEVER) {
      runner.reaper = scheduler.schedule(RETRY, () -> reap(runner));
    }
  }
}
