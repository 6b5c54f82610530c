package dev.signpost.dns;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The ordered chain of handlers every query passes through. The order is declared once, in
 * {@link #standard}; the last handler must answer.
 */
public final class QueryPipeline {

  private final List<QueryHandler> handlers;

  public QueryPipeline(List<QueryHandler> handlers) {
    if (handlers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one handler");
    }
    this.handlers = List.copyOf(handlers);
  }

  /**
   * Signpost's chain: recover from failures → wire rules (opcode, class, EDNS version) → the registry's
   * zone → refuse what is left.
   */
  public static QueryPipeline standard(RegistryZoneHandler registryZone) {
    return new QueryPipeline(List.of(new RecoverHandler(), new WireRulesHandler(), registryZone,
        new RefuseHandler()));
  }

  public CompletionStage<DnsReply> handle(DnsRequest request) {
    return proceed(0, request);
  }

  private CompletionStage<DnsReply> proceed(int position, DnsRequest request) {
    if (position == handlers.size()) {
      throw new IllegalStateException("the last handler of the pipeline passed the query on");
    }
    return handlers.get(position).handle(request, next -> proceed(position + 1, next));
  }
}
