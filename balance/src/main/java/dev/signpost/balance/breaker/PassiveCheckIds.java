package dev.signpost.balance.breaker;

/**
 * How the server names the check an instance's breaker shows as in the health API ({@code _signpost_passive:<id>},
 * critical open, warning half-open, passing closed), which the Java client reads back to find half-open instances:
 * one spelling for both sides.
 */
public final class PassiveCheckIds {

  /** A passive check's id is this prefix and the instance id. */
  public static final String PREFIX = "_signpost_passive:";

  private PassiveCheckIds() {}

  /** Whether the check id is a passive check's. */
  public static boolean is(String checkId) {
    return checkId.startsWith(PREFIX);
  }
}
