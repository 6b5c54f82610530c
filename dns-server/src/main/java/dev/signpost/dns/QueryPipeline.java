package dev.signpost.dns;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.handlers.ChaosHandler;
import dev.signpost.dns.handlers.MetricsHandler;
import dev.signpost.dns.handlers.RecoverHandler;
import dev.signpost.dns.handlers.RecursionAvailableHandler;
import dev.signpost.dns.handlers.RefuseHandler;
import dev.signpost.dns.handlers.WireRulesHandler;
import dev.signpost.dns.metrics.QueryMetrics;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The ordered chain of handlers every query passes through. The order is declared once, in
 * {@link #standard}; the last handler must answer.
 */
public final class QueryPipeline {

  private final List<QueryHandler> handlers;
  private final QueryChain first;

  public QueryPipeline(List<QueryHandler> handlers) {
    if (handlers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one handler");
    }
    this.handlers = List.copyOf(handlers);
    this.first = link(this.handlers, 0);
  }

  /**
   * The parts of Signpost's chain that the launcher decides.
   *
   * @param metrics counts and times every query
   * @param chaosVersion the text {@code CH TXT version.bind} answers with; empty to refuse CHAOS like any class
   * @param registryZone the registry's zone ({@link dev.signpost.dns.handlers.RegistryZoneHandler}); typed as any
   *     handler, as the other parts are, so the chain around it can be built and tested without a registry
   * @param staticZones the zone files' handler: before the registry, so a file's name under our domain
   *     wins over an unknown service; empty without {@code --zone-file}
   * @param recursion who may recurse and the forwarder; empty without {@code --upstream}, and then names
   *     outside our zones are REFUSED and RA is never set
   */
  public record Parts(QueryMetrics metrics, Optional<String> chaosVersion, QueryHandler registryZone,
      Optional<QueryHandler> staticZones, Optional<Recursion> recursion) {}

  /** Forwarding: who may recurse, and the handler that forwards (and refuses everybody else). */
  public record Recursion(Predicate<InetAddress> mayRecurse, QueryHandler forwarder) {}

  /**
   * Signpost's chain, in order: metrics → recover from failures → RA for clients that may recurse →
   * CHAOS identity → wire rules (opcode, class, EDNS version, transfers) → static zone files → the
   * registry's zone → the forwarder → refuse what is left.
   */
  public static QueryPipeline standard(Parts parts) {
    return standard(parts, Optional.empty());
  }

  /**
   * {@link #standard(Parts)} with zone transfers ({@link dev.signpost.dns.handlers.TransferHandler}) right after the
   * wire rules, which then pass transfers on; without it, every transfer is REFUSED.
   */
  public static QueryPipeline standard(Parts parts, Optional<QueryHandler> transfers) {
    List<QueryHandler> chain = new ArrayList<>();
    chain.add(new MetricsHandler(parts.metrics()));
    chain.add(new RecoverHandler());
    parts.recursion().ifPresent(r -> chain.add(new RecursionAvailableHandler(r.mayRecurse())));
    parts.chaosVersion().ifPresent(text -> chain.add(new ChaosHandler(text)));
    chain.add(new WireRulesHandler(transfers.isPresent()));
    transfers.ifPresent(chain::add);
    parts.staticZones().ifPresent(chain::add);
    chain.add(parts.registryZone());
    parts.recursion().ifPresent(r -> chain.add(r.forwarder()));
    chain.add(new RefuseHandler());
    return new QueryPipeline(chain);
  }

  /** The handlers in the order a query meets them; a test pins the order {@link #standard} declares. */
  List<QueryHandler> handlers() {
    return handlers;
  }

  public CompletionStage<DnsReply> handle(DnsRequest request) {
    return first.proceed(request);
  }

  /** The chain from {@code position} on; built once, so a query allocates no links. */
  private static QueryChain link(List<QueryHandler> handlers, int position) {
    if (position == handlers.size()) {
      return request -> {
        throw new IllegalStateException("the last handler of the pipeline passed the query on");
      };
    }
    QueryHandler handler = handlers.get(position);
    QueryChain rest = link(handlers, position + 1);
    return request -> handler.handle(request, rest);
  }
}
