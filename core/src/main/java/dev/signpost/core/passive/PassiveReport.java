package dev.signpost.core.passive;

import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.core.CheckState;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report of outcomes did.
 *
 * @param instanceId the instance reported on
 * @param service the instance's service (as registered)
 * @param passive whether passive health is on for the service: off, the report fed only latency
 * @param successes the successful calls the report held
 * @param failures the failed calls it held
 * @param state the instance's breaker after the report; empty with passive health off, or when the breaker
 *     is another node's (its state then comes with {@code check}, as stored)
 * @param check the passive check's state after the report, as it is being stored; empty with passive health
 *     off
 */
public record PassiveReport(String instanceId, String service, boolean passive, long successes, long failures,
    Optional<BreakerState> state, Optional<CheckState> check) {

  public PassiveReport {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(check, "check");
  }
}
