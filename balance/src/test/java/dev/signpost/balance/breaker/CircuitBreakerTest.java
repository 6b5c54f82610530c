package dev.signpost.balance.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  /** A clock that starts negative: the breaker must compare differences only. */
  private long now = -5_000_000_000L;
  private final CircuitBreaker breaker = new CircuitBreaker(BreakerSettings.DEFAULTS, () -> now);

  private void advance(Duration d) {
    now += d.toNanos();
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.record(false);
    }
  }

  private void succeed(int times) {
    for (int i = 0; i < times; i++) {
      breaker.record(true);
    }
  }

  private BreakerState state() {
    return breaker.status().state();
  }

  @Test
  void aNewBreakerIsClosedAndAllowsCalls() {
    BreakerStatus status = breaker.status();

    assertThat(status.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(status.allows()).isTrue();
    assertThat(status.trip()).isEmpty();
    assertThat(status.ejections()).isZero();
  }

  @Test
  void fiveFailuresInARowOpenTheBreaker() {
    fail(4);
    assertThat(state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.status().consecutiveFailures()).isEqualTo(4);

    BreakerStatus status = breaker.record(false);

    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
    assertThat(status.allows()).isFalse();
    assertThat(breaker.allows()).isFalse();
    assertThat(status.trip()).contains(new Trip.ConsecutiveFailures(5));
    assertThat(status.sinceNanos()).isEqualTo(now);
    assertThat(status.openUntilNanos()).isEqualTo(now + Duration.ofSeconds(30).toNanos());
    assertThat(status.ejections()).isEqualTo(1);
  }

  @Test
  void aSuccessEndsTheRunOfFailures() {
    fail(4);
    succeed(1);
    fail(4);

    assertThat(state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.status().consecutiveFailures()).isEqualTo(4);
  }

  @Test
  void zeroConsecutiveFailuresTurnsThatRuleOff() {
    CircuitBreaker rateOnly = new CircuitBreaker(settings(0, 50, 20, 3), () -> now);

    for (int i = 0; i < 19; i++) {
      assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.CLOSED);
    }
    assertThat(rateOnly.record(false).trip()).contains(new Trip.FailureRate(20, 20, Duration.ofSeconds(30)));
  }

  @Test
  void halfOfAtLeastTwentyCallsFailingOpensTheBreaker() {
    for (int i = 0; i < 9; i++) {
      breaker.record(true);
      breaker.record(false);
    }
    breaker.record(true);
    assertThat(state()).isEqualTo(BreakerState.CLOSED); // 9 of 19: too few calls, and under half

    BreakerStatus status = breaker.record(false);

    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
    assertThat(status.trip()).contains(new Trip.FailureRate(10, 20, Duration.ofSeconds(30)));
    assertThat(status.trip().orElseThrow().describe()).isEqualTo("10 of 20 calls failed in 30s");
  }

  @Test
  void aRateUnderTheThresholdKeepsTheBreakerClosed() {
    for (int i = 0; i < 30; i++) {
      breaker.record(true);
      breaker.record(i % 3 != 0); // one failure in six
    }
    fail(4); // 9 of 64 calls, never five in a row

    assertThat(state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aHighRateNeedsTheMinimumCallsInTheWindow() {
    CircuitBreaker rateOnly = new CircuitBreaker(settings(0, 50, 4, 3), () -> now);
    rateOnly.record(true);
    rateOnly.record(false);

    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.CLOSED); // 2 of 3 calls: too few

    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.OPEN); // 3 of 4
  }

  @Test
  void callsOlderThanTheWindowNoLongerCount() {
    CircuitBreaker rateOnly = new CircuitBreaker(settings(0, 50, 4, 3), () -> now);
    rateOnly.record(false);
    rateOnly.record(false);
    rateOnly.record(false);
    advance(Duration.ofSeconds(31)); // the window is 30 s

    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.CLOSED); // 1 of 1 in the window
    rateOnly.record(true);
    rateOnly.record(true);
    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.OPEN); // 2 of 4
  }

  @Test
  void theWindowSlidesATenthAtATime() {
    CircuitBreaker rateOnly = new CircuitBreaker(settings(0, 50, 4, 3), () -> now);
    rateOnly.record(false);
    rateOnly.record(false);
    advance(Duration.ofSeconds(15));
    rateOnly.record(true);
    advance(Duration.ofSeconds(14)); // 29 s after the first two failures: still inside

    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.OPEN); // 3 of 4
  }

  @Test
  void failuresPushedOutOfTheWindowByTimeDoNotOpenIt() {
    CircuitBreaker rateOnly = new CircuitBreaker(settings(0, 50, 4, 3), () -> now);
    rateOnly.record(false);
    rateOnly.record(false);
    advance(Duration.ofSeconds(15));
    rateOnly.record(true);
    rateOnly.record(true);
    advance(Duration.ofSeconds(16)); // the first two failures are 31 s old

    assertThat(rateOnly.record(false).state()).isEqualTo(BreakerState.CLOSED); // 1 of 3 in the window
  }

  @Test
  void anOpenBreakerTurnsHalfOpenWhenTheEjectionTimeEnds() {
    fail(5);
    long openUntil = breaker.status().openUntilNanos();

    advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(state()).isEqualTo(BreakerState.OPEN);

    advance(Duration.ofNanos(1));
    BreakerStatus status = breaker.status();
    assertThat(status.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(status.allows()).isTrue();
    assertThat(status.sinceNanos()).isEqualTo(openUntil);
    assertThat(status.trip()).contains(new Trip.ConsecutiveFailures(5));
  }

  @Test
  void outcomesWhileOpenChangeNothing() {
    fail(5);
    BreakerStatus before = breaker.status();

    succeed(10);
    fail(10);

    assertThat(breaker.status()).isEqualTo(before);
  }

  @Test
  void threeSuccessesCloseAHalfOpenBreaker() {
    fail(5);
    advance(Duration.ofSeconds(30));

    assertThat(breaker.record(true).trialSuccesses()).isEqualTo(1);
    assertThat(breaker.record(true).state()).isEqualTo(BreakerState.HALF_OPEN);
    BreakerStatus status = breaker.record(true);

    assertThat(status.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(status.sinceNanos()).isEqualTo(now);
    assertThat(status.consecutiveFailures()).isZero();
  }

  @Test
  void aClosedBreakerStartsWithAnEmptyWindow() {
    fail(5);
    advance(Duration.ofSeconds(30));
    succeed(3);

    fail(4);

    assertThat(state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void oneFailureReopensAHalfOpenBreakerForTwiceAsLong() {
    fail(5);
    advance(Duration.ofSeconds(30));
    breaker.record(true);

    BreakerStatus status = breaker.record(false);

    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
    assertThat(status.trip()).contains(new Trip.HalfOpenFailure());
    assertThat(status.openUntilNanos() - now).isEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(status.ejections()).isEqualTo(2);
  }

  @Test
  void repeatedEjectionsDoubleUpToTheCap() {
    fail(5);
    long[] expected = {60, 120, 240, 300, 300};
    for (long seconds : expected) {
      advance(Duration.ofNanos(breaker.status().openUntilNanos() - now));
      BreakerStatus status = breaker.record(false);
      assertThat(status.openUntilNanos() - now).isEqualTo(Duration.ofSeconds(seconds).toNanos());
    }
  }

  @Test
  void eachEjectionTimeSpentClosedForgetsOneDoubling() {
    fail(5);
    advance(Duration.ofSeconds(30));
    fail(1); // 60 s
    advance(Duration.ofSeconds(60));
    fail(1); // 120 s
    advance(Duration.ofSeconds(120));
    succeed(3);
    assertThat(breaker.status().ejections()).isEqualTo(3);

    advance(Duration.ofSeconds(30));
    assertThat(breaker.status().ejections()).isEqualTo(2);
    fail(5);

    assertThat(breaker.status().openUntilNanos() - now).isEqualTo(Duration.ofSeconds(120).toNanos());
  }

  @Test
  void aBreakerClosedLongEnoughStartsAgainFromTheEjectionTime() {
    fail(5);
    advance(Duration.ofSeconds(30));
    fail(1);
    advance(Duration.ofSeconds(60));
    succeed(3);
    advance(Duration.ofMinutes(10));

    fail(5);

    assertThat(breaker.status().openUntilNanos() - now).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(breaker.status().ejections()).isEqualTo(1);
  }

  @Test
  void aRefusingGateKeepsTheBreakerClosedAndIsAskedAgainAtTheNextFailure() {
    AtomicInteger asked = new AtomicInteger();
    EjectionGate no = () -> {
      asked.incrementAndGet();
      return false;
    };
    for (int i = 0; i < 4; i++) {
      breaker.record(false, no);
    }
    assertThat(asked).hasValue(0);

    assertThat(breaker.record(false, no).state()).isEqualTo(BreakerState.CLOSED);
    assertThat(asked).hasValue(1);
    breaker.record(true, no);
    assertThat(asked).hasValue(1);

    fail(4);
    BreakerStatus status = breaker.record(false, EjectionGate.ALWAYS);
    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void aRefusingGateKeepsAHalfOpenBreakerOnTrialFromScratch() {
    fail(5);
    advance(Duration.ofSeconds(30));
    succeed(2);

    BreakerStatus status = breaker.record(false, () -> false);

    assertThat(status.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(status.trialSuccesses()).isZero();
    succeed(2);
    assertThat(state()).isEqualTo(BreakerState.HALF_OPEN);
    succeed(1);
    assertThat(state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void countsWithSuccessesDoNotExtendTheRunOfFailures() {
    breaker.recordCounts(1, 4, EjectionGate.ALWAYS);
    BreakerStatus status = breaker.recordCounts(10, 4, EjectionGate.ALWAYS);

    assertThat(status.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(status.consecutiveFailures()).isZero();
  }

  @Test
  void countsOfFailuresAloneExtendTheRun() {
    breaker.recordCounts(0, 3, EjectionGate.ALWAYS);

    BreakerStatus status = breaker.recordCounts(0, 2, EjectionGate.ALWAYS);

    assertThat(status.trip()).contains(new Trip.ConsecutiveFailures(5));
  }

  @Test
  void countsFeedTheRateRule() {
    assertThat(breaker.recordCounts(9, 10, EjectionGate.ALWAYS).state()).isEqualTo(BreakerState.CLOSED);

    BreakerStatus status = breaker.recordCounts(1, 1, EjectionGate.ALWAYS);

    assertThat(status.trip()).contains(new Trip.FailureRate(11, 21, Duration.ofSeconds(30)));
  }

  @Test
  void countsWithAFailureReopenAHalfOpenBreakerAndSuccessesAloneCloseIt() {
    fail(5);
    advance(Duration.ofSeconds(30));
    assertThat(breaker.recordCounts(50, 1, EjectionGate.ALWAYS).state()).isEqualTo(BreakerState.OPEN);

    advance(Duration.ofSeconds(60));
    assertThat(breaker.recordCounts(3, 0, EjectionGate.ALWAYS).state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> breaker.recordCounts(-1, 0, EjectionGate.ALWAYS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counts must not be negative, got -1 successes and 0 failures");
  }

  @Test
  void releaseEndsAnEjectionEarly() {
    fail(5);
    advance(SECOND);

    BreakerStatus status = breaker.release();

    assertThat(status.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(status.sinceNanos()).isEqualTo(now);
    assertThat(breaker.release()).isEqualTo(status); // nothing to release any more
  }

  @Test
  void reconfiguringKeepsTheStateAndAppliesTheNewThresholds() {
    fail(5);
    long openUntil = breaker.status().openUntilNanos();

    breaker.reconfigure(settings(2, 50, 20, 1));

    assertThat(breaker.status().openUntilNanos()).isEqualTo(openUntil);
    advance(Duration.ofSeconds(30));
    assertThat(breaker.record(true).state()).isEqualTo(BreakerState.CLOSED);
    fail(2);
    assertThat(state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void tripsDescribeThemselves() {
    assertThat(new Trip.ConsecutiveFailures(5).describe()).isEqualTo("after 5 consecutive failures");
    assertThat(new Trip.ConsecutiveFailures(1).describe()).isEqualTo("after 1 failure");
    assertThat(new Trip.FailureRate(12, 20, Duration.ofMillis(2500)).describe())
        .isEqualTo("12 of 20 calls failed in 2500ms");
    assertThat(new Trip.HalfOpenFailure().describe()).isEqualTo("after a failure while half-open");
  }

  private static BreakerSettings settings(int consecutive, int percent, int minimumCalls, int halfOpen) {
    return new BreakerSettings(consecutive, percent, minimumCalls, Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofMinutes(5), halfOpen);
  }
}
