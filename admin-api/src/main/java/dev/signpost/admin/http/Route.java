package dev.signpost.admin.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One entry of the route table: a method, a path pattern, what kind of request it is, and its endpoint.
 * The kind decides what the router adds: reads get Consul's index headers, blocking reads also honour
 * {@code ?index=&wait=}.
 *
 * @param check runs before the endpoint, and before a blocking read waits, so a request the endpoint would
 *     refuse (a malformed {@code ?filter=}) fails at once instead of after the wait; throws an
 *     {@link ApiException} to refuse it
 */
public record Route(String method, PathPattern path, Kind kind, Endpoint endpoint, Consumer<ApiRequest> check) {

  /** What the router does around the endpoint. */
  public enum Kind {
    /** Changes state; the endpoint's stage completes when the change is durable. */
    WRITE,
    /** Reads state; the reply carries {@code X-Consul-Index}. */
    READ,
    /** A read that may wait for the index to pass {@code ?index=} (a Consul blocking query). */
    BLOCKING_READ,
    /**
     * A read whose reply carries {@value ContentHashQuery#HEADER}, and that waits while {@code ?hash=} still
     * matches it (Consul's hash-based blocking, for the agent's local endpoints); {@code ?index=} is ignored.
     */
    HASH_BLOCKING_READ
  }

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(check, "check");
  }

  /** A route with nothing to check before its endpoint. */
  public Route(String method, PathPattern path, Kind kind, Endpoint endpoint) {
    this(method, path, kind, endpoint, request -> { });
  }

  /** This route, running {@code check} on each request first. */
  public Route checkedBy(Consumer<ApiRequest> check) {
    return new Route(method, path, kind, endpoint, check);
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

  /** A {@link Kind#HASH_BLOCKING_READ}: {@code read}'s replies must carry {@value ContentHashQuery#HEADER}. */
  public static Route hashBlockingRead(String path, Function<ApiRequest, ApiResponse> read) {
    return new Route("GET", PathPattern.of(path), Kind.HASH_BLOCKING_READ,
        r -> CompletableFuture.completedFuture(read.apply(r)));
  }
}
