package dev.signpost.core.health;

import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * {@code DeregisterCriticalServiceAfter}: times how long a check's stored state has been critical, and
 * deregisters its instance once that is as long as the check allows (exactly; Consul rounds up to a
 * minute). The deregistration is decided on the instance's current value, so a recovery written just
 * before it wins. Engine thread only.
 */
final class CriticalReaper {

  private static final System.Logger LOG = System.getLogger(HealthEngine.class.getName());

  private final InstanceUpdates updates;
  private final HealthScheduler scheduler;

  CriticalReaper(InstanceUpdates updates, HealthScheduler scheduler) {
    this.updates = updates;
    this.scheduler = scheduler;
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
      runner.criticalSince = scheduler.nanoTime();
      runner.reaper = scheduler.schedule(after, () -> reap(runner));
    }
  }

  private void reap(CheckRunner runner) {
    if (runner.stopped) {
      return;
    }
    updates.deregisterIf(runner.instanceId, i -> i.checkState(runner.checkId())
            .filter(s -> s.status() == HealthStatus.CRITICAL).isPresent())
        .whenComplete((removed, error) -> {
          if (error != null) {
            LOG.log(Level.WARNING, "could not deregister " + runner.instanceId + ": " + error.getMessage());
          } else if (removed.isPresent()) {
            LOG.log(Level.INFO, "deregistered " + runner.instanceId + ": check " + runner.checkId()
                + " was critical for " + ProbeFailures.seconds(runner.spec.deregisterCriticalServiceAfter()));
          }
        });
  }
}
