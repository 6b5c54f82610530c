package dev.signpost.balance.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Counts no honest caller reports: a breaker fed {@link Long#MAX_VALUE} calls (a relayed report written by hand
 * into etcd, a caller that counts wrong) must stay sane, its counts never negative and no exception escaping.
 */
class CircuitBreakerOverflowTest {

  private static final long MAX = Long.MAX_VALUE;

  private long now = -5_000_000_000L;

  private CircuitBreaker breaker(int consecutive, int percent, int minimumCalls) {
    return new CircuitBreaker(new BreakerSettings(consecutive, percent, minimumCalls, Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMinutes(5), 3), () -> now);
  }

  private static void assertSane(BreakerStatus status) {
    assertThat(status.consecutiveFailures()).isNotNegative();
    assertThat(status.trialSuccesses()).isBetween(0, status.halfOpenSuccesses());
    status.trip().ifPresent(t -> {
      if (t instanceof Trip.FailureRate rate) {
        assertThat(rate.failures()).isNotNegative().isLessThanOrEqualTo(rate.calls());
      }
    });
  }

  @Test
  void maximalSuccessesAndFailuresInOneReportKeepTheCountsSane() {
    CircuitBreaker breaker = breaker(0, 50, 20);

    BreakerStatus status = breaker.recordCounts(MAX, MAX, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).as("half of the calls failed: 50 %% opens it").isEqualTo(BreakerState.OPEN);
    assertThat(status.trip()).hasValueSatisfying(t -> assertThat(t).isInstanceOf(Trip.FailureRate.class));
  }

  @Test
  void aWindowWhoseCallsPassLongMaxValueStillSeesTheFailuresBeyondTheRate() {
    CircuitBreaker breaker = breaker(0, 50, 20);
    breaker.recordCounts(MAX, 0, EjectionGate.ALWAYS);
    breaker.recordCounts(MAX, 0, EjectionGate.ALWAYS); // the window's calls would wrap negative

    BreakerStatus status = breaker.recordCounts(0, 1, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).as("one failure in 2^64 calls is far under 50 %%").isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void failuresSoManyThatAHundredTimesThemOverflowStillOpenByTheRate() {
    CircuitBreaker breaker = breaker(0, 50, 20);

    long failures = 100_000_000_000_000_000L; // times 100 wraps a long to a negative number

    BreakerStatus status = breaker.recordCounts(0, failures, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
    assertThat(status.trip()).contains(new Trip.FailureRate(failures, failures, Duration.ofSeconds(30)));
  }

  @Test
  void aFailureRateJustUnderTheThresholdWithHugeCountsKeepsTheBreakerClosed() {
    CircuitBreaker breaker = breaker(0, 50, 20);

    // 49.99...% of about 9.2e18 calls: failed * 100 and percent * calls both overflow a long.
    BreakerStatus status = breaker.recordCounts(MAX / 2 + 1, MAX / 2 - 1, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aRunOfFailuresPastLongMaxValueSaturatesAndStillOpens() {
    CircuitBreaker breaker = breaker(5, 50, 20);
    breaker.recordCounts(0, MAX - 1, (() -> false));

    BreakerStatus status = breaker.recordCounts(0, MAX, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
    assertThat(status.trip()).contains(new Trip.ConsecutiveFailures(MAX));
  }

  @Test
  void maximalSuccessesCloseAHalfOpenBreaker() {
    CircuitBreaker breaker = breaker(5, 50, 20);
    breaker.recordCounts(0, 5, EjectionGate.ALWAYS);
    now += Duration.ofSeconds(30).toNanos();
    assertThat(breaker.recordCounts(1, 0, EjectionGate.ALWAYS).state()).isEqualTo(BreakerState.HALF_OPEN);

    BreakerStatus status = breaker.recordCounts(MAX, 0, EjectionGate.ALWAYS);

    assertSane(status);
    assertThat(status.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void maximalCountsInEveryBucketOfTheWindowSaturateInsteadOfWrapping() {
    CircuitBreaker breaker = breaker(0, 50, 20);
    for (int bucket = 0; bucket < 12; bucket++) {
      assertSane(breaker.recordCounts(MAX, 0, EjectionGate.ALWAYS));
      now += Duration.ofSeconds(3).toNanos();
    }

    BreakerStatus status = breaker.recordCounts(0, MAX, EjectionGate.ALWAYS);

    // Past Long.MAX_VALUE calls the window judges saturated numbers; what matters is that they never wrap.
    assertSane(status);
    assertThat(status.trip()).hasValueSatisfying(t -> assertThat(t).isInstanceOf(Trip.FailureRate.class));
  }
}
