package dev.signpost.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How DNS answers for one service: which load-balancing strategy orders its records, their TTL, and how
 * many records an answer holds at most. Set per service over the API and kept in the store.
 *
 * @param strategy a strategy name ({@code round-robin}, {@code weighted}, ...)
 * @param ttl the TTL of the service's answers in seconds; empty means the zone's ({@code --ttl})
 * @param answerLimit at most this many instances per answer, after ordering; 0 means no limit; empty
 *     means the global limit ({@code --answer-limit})
 * @param passive passive health for the service (reported outcomes eject failing instances); empty means the
 *     global setting ({@code --passive-health})
 */
public record ServicePolicy(String strategy, OptionalLong ttl, OptionalInt answerLimit,
    Optional<PassivePolicy> passive) {

  /** The largest TTL DNS can carry (RFC 2181: 2^31 - 1). */
  public static final long MAX_TTL = 0x7FFFFFFFL;

  public ServicePolicy {
    Objects.requireNonNull(strategy, "strategy");
    if (strategy.isBlank()) {
      throw new IllegalArgumentException("Strategy is missing");
    }
    ttl = Objects.requireNonNullElse(ttl, OptionalLong.empty());
    if (ttl.isPresent() && (ttl.getAsLong() < 0 || ttl.getAsLong() > MAX_TTL)) {
      throw new IllegalArgumentException("TTL must be between 0 and " + MAX_TTL + " seconds, got " + ttl.getAsLong());
    }
    answerLimit = Objects.requireNonNullElse(answerLimit, OptionalInt.empty());
    if (answerLimit.isPresent() && answerLimit.getAsInt() < 0) {
      throw new IllegalArgumentException("AnswerLimit must not be negative (0 means no limit), got "
          + answerLimit.getAsInt());
    }
    passive = Objects.requireNonNullElse(passive, Optional.empty());
  }

  /** A policy that leaves passive health to the global setting. */
  public ServicePolicy(String strategy, OptionalLong ttl, OptionalInt answerLimit) {
    this(strategy, ttl, answerLimit, Optional.empty());
  }

  /** A policy with its own answer limit (0: none). */
  public ServicePolicy(String strategy, OptionalLong ttl, int answerLimit) {
    this(strategy, ttl, OptionalInt.of(answerLimit), Optional.empty());
  }

  /** The policy of a service nobody set one for: the default strategy, the zone's TTL, the global limit. */
  public static ServicePolicy defaults(String strategy, int answerLimit) {
    return new ServicePolicy(strategy, OptionalLong.empty(), answerLimit);
  }
}
