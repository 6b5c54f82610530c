package dev.signpost.dns.notify;

import dev.signpost.core.Addresses;
import dev.signpost.core.health.HealthScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * Tells every secondary of each zone's new serial (RFC 1996), one {@link ZoneNotification} per secondary and zone.
 * {@link #publish} may be called from any thread, as often as the zone changes (under the registry's write lock,
 * too): it records the newest SOA per zone and queues at most one task, so a burst of changes costs a map write
 * each and the scheduler's queue stays bounded. Everything else runs on the scheduler's thread, which is also the
 * thread that must call {@link #received}.
 */
public final class NotifySender {

  /** The least time between two NOTIFYs of one zone to one secondary. */
  static final Duration SPACING = Duration.ofMillis(100);
  /** The wait for an answer before the first retry; doubled at each retry up to {@link #MAX_RETRY}. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);

  /** Where the NOTIFYs go out: one socket (per address family). */
  public interface Datagrams {
    void send(InetSocketAddress to, byte[] wire);
  }

  private record Secondary(NotifyTarget target, Optional<TSIG> key, NotifyMeters meters,
      Map<Name, ZoneNotification> zones) {}

  private final HealthScheduler scheduler;
  private final Datagrams out;
  private final IntSupplier ids;
  private final List<Secondary> secondaries = new ArrayList<>();
  private final Map<InetSocketAddress, Secondary> byAddress = new HashMap<>();
  /** The newest SOA of each zone, not yet handed to the secondaries; as many entries as zones at most. */
  private final Map<Name, SOARecord> published = new ConcurrentHashMap<>();
  private final AtomicBoolean queued = new AtomicBoolean();

  /**
   * @param keys each target's TSIG key, by the name its {@code @KEYNAME} gives
   * @param ids the NOTIFYs' message ids (random in production: an answer must not be guessable)
   * @throws IllegalArgumentException when a target names a key {@code keys} does not have
   */
  public NotifySender(List<NotifyTarget> targets, Function<Name, Optional<TSIG>> keys, HealthScheduler scheduler,
      Datagrams out, MeterRegistry meters, IntSupplier ids) {
    this.scheduler = scheduler;
    this.out = out;
    this.ids = ids;
    for (NotifyTarget t : targets) {
      Optional<TSIG> key = t.key().map(name -> keys.apply(name).orElseThrow(() ->
          new IllegalArgumentException("--notify " + t + ": no --tsig-key is named " + name.toString(true))));
      Secondary s = new Secondary(t, key, new NotifyMeters(meters, t), new HashMap<>());
      if (byAddress.putIfAbsent(t.socketAddress(), s) != null) {
        throw new IllegalArgumentException("--notify " + t.address() + " is given twice");
      }
      secondaries.add(s);
    }
  }

  /** The zone of {@code soa} has this serial now. Any thread; cheap. */
  public void publish(SOARecord soa) {
    published.put(soa.getName(), soa);
    if (queued.compareAndSet(false, true)) {
      scheduler.execute(this::drain);
    }
  }

  private void drain() {
    queued.set(false);
    for (Name zone : List.copyOf(published.keySet())) {
      SOARecord soa = published.remove(zone);
      if (soa == null) {
        continue;
      }
      for (Secondary s : secondaries) {
        s.zones().computeIfAbsent(zone, z -> new ZoneNotification(s.target(), s.key(), scheduler, out, s.meters(),
            ids)).changed(soa);
      }
    }
  }

  /** A datagram that arrived on the NOTIFY socket; only on the scheduler's thread. */
  public void received(InetSocketAddress from, byte[] wire) {
    // A dual-stack socket reports an IPv4 secondary as ::ffff:a.b.c.d.
    Secondary s = byAddress.get(new InetSocketAddress(Addresses.unmapped(from.getAddress()), from.getPort()));
    if (s != null) {
      s.zones().values().forEach(z -> z.received(wire));
    }
  }

  /** The serial {@code target} acknowledged last for {@code zone}, or -1; on the scheduler's thread, for tests. */
  long acknowledged(NotifyTarget target, Name zone) {
    Secondary s = byAddress.get(target.socketAddress());
    ZoneNotification z = s == null ? null : s.zones().get(zone);
    return z == null ? -1 : z.acknowledgedSerial();
  }
}
