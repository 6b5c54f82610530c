package dev.signpost.dns.notify;

import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import java.util.Collection;
import java.util.function.Supplier;
import org.xbill.DNS.SOARecord;

/**
 * Follows the registry zone's publication for the {@link Notifier}: added to the registry after the zone view, so
 * when it hears of a change the view's snapshot already has it, and the SOA it publishes is the one a secondary
 * asking next will get. Called under the registry's write lock: it only hands the SOA over.
 */
public final class ZoneFollower implements RegistryListener {

  private final Supplier<SOARecord> soa;
  private final Notifier notifier;

  /** @param soa the registry zone's current SOA (the zone view's snapshot's) */
  public ZoneFollower(Supplier<SOARecord> soa, Notifier notifier) {
    this.soa = soa;
    this.notifier = notifier;
  }

  /** At start: the secondaries hear the serial we start with, so one that missed changes while we were down asks. */
  @Override
  public void onReset(Collection<Instance> instances, long index) {
    notifier.publish(soa.get());
  }

  @Override
  public void onEvent(RegistryEvent event) {
    notifier.publish(soa.get());
  }
}
