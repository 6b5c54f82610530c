package dev.signpost.balance;

/**
 * What the strategies and {@link Tiers} read of an instance, and nothing more: the server's registry
 * instance and the Java client's view of one both implement it, so both run the same strategies. Every
 * method is called on the query path, once per instance per query: implementations return stored values,
 * never build them.
 */
public interface Endpoint {

  /** Unique among the instances a strategy orders; ties and hashing go by it. */
  String id();

  /**
   * The service's case-folded name: the strategies that rotate keep one counter per service under this key,
   * so all instances of one list share it.
   */
  String serviceKey();

  /** The SRV weight in the instance's current state; 0 sends it behind every positive weight. */
  int currentWeight();

  /**
   * The instance's zone, or {@code ""} when it has none; zones compare ignoring case. See
   * {@link Tiers#zoneOf(String, java.util.Map)} for how an instance's locality and meta name it.
   */
  String zone();

  /** Whether every check passes (not warning, critical or in maintenance). */
  boolean passing();
}
