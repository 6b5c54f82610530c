package dev.signpost.dns;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A meter registry that refuses the query counter, as a closed registry would: recording a query throws. */
public final class RefusingMeters {

  private RefusingMeters() {}

  public static SimpleMeterRegistry refusingQueryCounters() {
    SimpleMeterRegistry refusing = new SimpleMeterRegistry();
    refusing.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getName().equals("signpost.dns.queries")) {
          throw new IllegalStateException("registry closed");
        }
        return id;
      }
    });
    return refusing;
  }
}
