package dev.signpost.balance.breaker;

/** Where a circuit breaker stands: whether its instance takes calls, and on what terms. */
public enum BreakerState {

  /** Calls go to the instance; failures are counted against the thresholds. */
  CLOSED,

  /** The instance is ejected until the ejection time ends; outcomes reported meanwhile change nothing. */
  OPEN,

  /**
   * The ejection time is over and the instance is on trial: it takes calls again (last, with a low weight),
   * enough successes in a row close the breaker and one failure opens it again, for twice as long.
   */
  HALF_OPEN
}
