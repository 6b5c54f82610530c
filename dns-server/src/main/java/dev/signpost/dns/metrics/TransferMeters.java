package dev.signpost.dns.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Zone transfers: {@code signpost_dns_transfers_total{type}} served (AXFR, IXFR; an IXFR answered in full counts as
 * IXFR) and {@code signpost_dns_transfers_refused_total{reason}}: {@code not_allowed} (neither {@code --transfer-allow}
 * nor a TSIG key), {@code busy} (over {@code --transfer-max}), and {@code bad_tsig}, counted where signatures are
 * checked.
 */
public final class TransferMeters {

  private final MeterRegistry registry;

  public TransferMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public void served(String type) {
    Counter.builder("signpost.dns.transfers").tag("type", type).description("zone transfers served, by type")
        .register(registry).increment();
  }

  public void refused(String reason) {
    Counter.builder("signpost.dns.transfers.refused").tag("reason", reason)
        .description("zone transfers refused, by reason").register(registry).increment();
  }
}
