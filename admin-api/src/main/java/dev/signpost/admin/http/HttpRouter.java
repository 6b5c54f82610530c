package dev.signpost.admin.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Finds the route for a request and runs it: 404 when no pattern matches the path, 405 (with
 * {@code Allow}) when patterns match but none for this method. Around reads it adds Consul's index
 * headers; around blocking reads it first waits for the index, without holding a thread.
 *
 * <p>Stateless apart from the table; called on event loops.
 */
public final class HttpRouter {

  private final List<Route> routes;
  private final LongSupplier index;
  private final BlockingQuery blocking;
  private final Consumer<ApiRequest> precheck;

  /**
   * @param routes the table, tried in order: put literal paths before patterns that would also match them
   * @param index the registry index, for {@code X-Consul-Index}
   */
  public HttpRouter(List<Route> routes, LongSupplier index, BlockingQuery blocking) {
    this(routes, index, blocking, request -> { });
  }

  /**
   * @param precheck runs on every request that found its route, before the route (and before a blocking
   *     query waits); throws an {@link ApiException} to refuse it
   */
  public HttpRouter(List<Route> routes, LongSupplier index, BlockingQuery blocking, Consumer<ApiRequest> precheck) {
    this.routes = List.copyOf(routes);
    this.index = index;
    this.blocking = blocking;
    this.precheck = precheck;
  }

  /** Runs the request's route. May throw instead of returning a failed stage; the caller maps both. */
  public CompletionStage<ApiResponse> dispatch(ApiRequest request) {
    return dispatch(request, pattern -> { });
  }

  /**
   * As {@link #dispatch(ApiRequest)}, first telling {@code routed} the pattern of the first route whose path
   * matches (for a 405, the path's route for other methods); not called when none does (a 404).
   */
  public CompletionStage<ApiResponse> dispatch(ApiRequest request, Consumer<PathPattern> routed) {
    TreeSet<String> allowed = new TreeSet<>();
    boolean matched = false;
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.path().match(request.segments());
      if (params.isEmpty()) {
        continue;
      }
      if (!matched) {
        matched = true;
        routed.accept(route.path());
      }
      if (!route.method().equals(request.method())) {
        allowed.add(route.method());
        continue;
      }
      precheck.accept(request);
      return run(route, request.withPathParams(params.get()));
    }
    if (allowed.isEmpty()) {
      throw ApiException.notFound("unknown path " + request.path());
    }
    throw new ApiException(405, "method " + request.method() + " not allowed on " + request.path(),
        Map.of("Allow", String.join(", ", allowed)));
  }

  private CompletionStage<ApiResponse> run(Route route, ApiRequest request) {
    route.check().accept(request);
    switch (route.kind()) {
      case WRITE:
        return route.endpoint().handle(request);
      case READ:
        return read(route, request);
      case BLOCKING_READ:
        BlockingQuery.Params params = BlockingQuery.Params.of(request);
        if (!params.blocks()) {
          return read(route, request);
        }
        return blocking.await(params, request.scheduler()).thenCompose(ignored -> read(route, request));
      case HASH_BLOCKING_READ:
        Optional<String> hash = request.queryParam("hash").filter(h -> !h.isEmpty());
        Duration wait = BlockingQuery.Params.maxWait(request); // validated even when nothing waits
        if (hash.isEmpty()) {
          return read(route, request);
        }
        return new ContentHashQuery(blocking, hash.get()).run(wait, request.scheduler(), () -> {
          long at = index.getAsLong();
          return route.endpoint().handle(request)
              .thenApply(response -> new ContentHashQuery.Read(at, withIndexHeaders(response, at)));
        });
      default:
        throw new IllegalStateException("unknown route kind " + route.kind());
    }
  }

  private CompletionStage<ApiResponse> read(Route route, ApiRequest request) {
    // Read the index before the data: the data is then at least as new as the index a client waits on
    // next, so a change between the two reads wakes it once more instead of being missed.
    long at = index.getAsLong();
    return route.endpoint().handle(request).thenApply(response -> withIndexHeaders(response, at));
  }

  private static ApiResponse withIndexHeaders(ApiResponse response, long at) {
    // Consul never reports index 0: clients treat it as "no index" and would poll in a tight loop. A read
    // that knows the index of what it read (a key's) has said it already.
    ApiResponse indexed = response.headers().containsKey("X-Consul-Index") ? response
        : response.withHeader("X-Consul-Index", Long.toString(Math.max(1, at)));
    return indexed.withHeader("X-Consul-KnownLeader", "true")
        .withHeader("X-Consul-LastContact", "0");
  }
}
