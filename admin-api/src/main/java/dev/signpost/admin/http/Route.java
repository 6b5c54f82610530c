package dev.signpost.admin.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One entry of the route table: a method, a path pattern, what kind of request it is, and its endpoint.
 * The kind decides what the router adds: reads get Consul's index headers, blocking reads also honour
 * {@code ?index=&wait=}.
 */
public record Route(String method, PathPattern path, Kind kind, Endpoint endpoint) {

  /** What the router does around the endpoint. */
  public enum Kind {
    /** Changes state; the endpoint's stage completes when the change is durable. */
    WRITE,
    /** Reads state; the reply carries {@code X-Consul-Index}. */
    READ,
    /** A read that may wait for the index to pass {@code ?index=} (a Consul blocking query). */
    BLOCKING_READ
  }

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  public static Route write(String method, String path, Endpoint endpoint) {
    return new Route(method, PathPattern.of(path), Kind.WRITE, endpoint);
  }

  public static Route read(String path, Function<ApiRequest, ApiResponse> read) {
    return new Route("GET", PathPattern.of(path), Kind.READ, r -> CompletableFuture.completedFuture(read.apply(r)));
  }

  /**
   * A read whose endpoint answers when it is ready: one that blocks on its own index rather than the
   * registry's (a key's, in {@code /v1/kv}). The router adds the index headers the reply does not carry.
   */
  public static Route readAsync(String path, Endpoint read) {
    return new Route("GET", PathPattern.of(path), Kind.READ, read);
  }

  public static Route blockingRead(String path, Function<ApiRequest, ApiResponse> read) {
    return new Route("GET", PathPattern.of(path), Kind.BLOCKING_READ,
        r -> CompletableFuture.completedFuture(read.apply(r)));
  }
}
