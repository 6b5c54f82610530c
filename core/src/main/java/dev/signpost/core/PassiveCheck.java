package dev.signpost.core;

import dev.signpost.balance.breaker.PassiveCheckIds;

/**
 * The synthetic check that passive health ({@code dev.signpost.core.passive}) keeps on each instance of a
 * service with it on: {@code _signpost_passive:<instance id>}, passing while the instance's circuit breaker is
 * closed, warning while half-open, critical while open. It has a state and no definition: nothing registers
 * it, nothing probes it, and a registration cannot name a check with its prefix. Like Consul's maintenance
 * check ({@code _service_maintenance:<id>}) it lives beside the instance's own checks, but unlike it its state
 * is stored with theirs, so the health API, DNS, the events and the stores see it as any check's.
 */
public final class PassiveCheck {

  /** A passive check's id is this prefix and the instance id. */
  public static final String PREFIX = PassiveCheckIds.PREFIX;

  /** The name the health API shows for it. */
  public static final String NAME = "Passive health (circuit breaker)";

  private PassiveCheck() {}

  /** The passive check's id for the instance with this id. */
  public static String id(String instanceId) {
    return PREFIX + instanceId;
  }

  /** Whether the check id is a passive check's. */
  public static boolean is(String checkId) {
    return PassiveCheckIds.is(checkId);
  }
}
