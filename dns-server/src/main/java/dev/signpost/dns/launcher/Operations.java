package dev.signpost.dns.launcher;

import dev.signpost.admin.AnswerExplainer;
import dev.signpost.admin.DnsSettings;
import dev.signpost.admin.EventStreams;
import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.HttpRequestObserver;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.zones.files.StaticZones;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP API asks of the DNS side: the meters' scrape (and its requests' timer), a reload of the zone files,
 * answers explained, the domain and TTL, the event history.
 */
final class Operations implements ServerOperations {

  private final PrometheusMeterRegistry meters;
  private final Optional<StaticZones> zones;
  private final ServiceDiscovery discovery;
  private final AnswerExplainer explainer;
  private final DnsSettings dns;
  private final EventStreams events;
  private final HttpRequestObserver requests;
  private final Runnable reloaded;

  /** @param reloaded run after the zone files reloaded without error (the NOTIFY of changed serials) */
  Operations(PrometheusMeterRegistry meters, Optional<StaticZones> zones, ServiceDiscovery discovery,
      AnswerExplainer explainer, DnsSettings dns, EventStreams events, Runnable reloaded) {
    this.reloaded = reloaded;
    this.meters = meters;
    this.requests = HttpMeters.requests(meters);
    this.zones = zones;
    this.discovery = discovery;
    this.explainer = explainer;
    this.dns = dns;
    this.events = events;
  }

  @Override
  public Optional<DnsSettings> dnsSettings() {
    return Optional.of(dns);
  }

  @Override
  public Optional<AnswerExplainer> explainer() {
    return Optional.of(explainer);
  }

  @Override
  public Optional<EventStreams> events() {
    return Optional.of(events);
  }

  @Override
  public HttpRequestObserver httpRequests() {
    return requests;
  }

  @Override
  public String scrapeMetrics() {
    return meters.scrape();
  }

  /** Off the HTTP event loop: reading files blocks. */
  @Override
  public CompletionStage<String> reloadZones() {
    return CompletableFuture.supplyAsync(() -> {
      String summary = reload(zones, discovery);
      reloaded.run();
      return summary;
    });
  }

  static String reload(Optional<StaticZones> zones, ServiceDiscovery discovery) {
    return zones.map(z -> z.reload(discovery.services().keySet())).orElse("no zone files to reload");
  }
}
