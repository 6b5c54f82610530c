package dev.signpost.admin.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One HTTP request as the resources see it: no Netty types, the body already copied out of its buffer.
 *
 * @param path the raw path, for messages
 * @param segments the path's segments, each percent-decoded on its own (so an encoded '/' stays inside its segment)
 * @param query decoded query parameters; a bare {@code ?passing} maps to one empty string
 * @param remote the caller's address
 * @param local the address the caller reached us at
 * @param scheduler the connection's event loop: where timeouts are scheduled and where the reply is written
 * @param pathParams values of the route's {@code {name}} segments, filled in by the router
 * @param token the ACL token the request carries ({@code X-Consul-Token}, {@code Authorization: Bearer}, or
 *     {@code ?token=}, in that order, as Consul reads them); null when it carries none
 * @param headers the headers resources read ({@link HttpApiHandler#PASSED_HEADERS}), by lower-case name
 */
public record ApiRequest(
    String method,
    String path,
    List<String> segments,
    Map<String, List<String>> query,
    byte[] body,
    InetSocketAddress remote,
    InetSocketAddress local,
    ScheduledExecutorService scheduler,
    Map<String, String> pathParams,
    String token,
    Map<String, String> headers) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    segments = List.copyOf(segments);
    query = Map.copyOf(query);
    body = body == null ? new byte[0] : body;
    pathParams = Map.copyOf(pathParams);
    token = token == null || token.isEmpty() ? null : token;
    headers = Map.copyOf(headers);
  }

  /** A request without the headers resources read ({@link #header}). */
  public ApiRequest(String method, String path, List<String> segments, Map<String, List<String>> query, byte[] body,
      InetSocketAddress remote, InetSocketAddress local, ScheduledExecutorService scheduler,
      Map<String, String> pathParams, String token) {
    this(method, path, segments, query, body, remote, local, scheduler, pathParams, token, Map.of());
  }

  /** A request without a token. */
  public ApiRequest(String method, String path, List<String> segments, Map<String, List<String>> query, byte[] body,
      InetSocketAddress remote, InetSocketAddress local, ScheduledExecutorService scheduler,
      Map<String, String> pathParams) {
    this(method, path, segments, query, body, remote, local, scheduler, pathParams, null);
  }

  ApiRequest withPathParams(Map<String, String> params) {
    return new ApiRequest(method, path, segments, query, body, remote, local, scheduler, params, token, headers);
  }

  /** The request's ACL token, if it carries one. */
  public Optional<String> aclToken() {
    return Optional.ofNullable(token);
  }

  /** A {@code {name}} segment of the route; the router guarantees it exists. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter {" + name + "}");
    }
    return value;
  }

  /** Every value of a repeatable query parameter ({@code ?tag=a&tag=b}). */
  public List<String> queryParams(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The first value of a query parameter; present but empty for a bare {@code ?name}. */
  public Optional<String> queryParam(String name) {
    return queryParams(name).stream().findFirst();
  }

  /** A header the transport passes on ({@code Accept}, {@code Last-Event-ID}), by its lower-case name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Consul's {@code ?pretty}: indent the JSON reply. */
  public boolean pretty() {
    return query.containsKey("pretty");
  }
}
