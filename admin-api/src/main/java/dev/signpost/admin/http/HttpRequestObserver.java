package dev.signpost.admin.http;

/**
 * Told of every request the API answered: which route took it, its method and status, and how long it took.
 * admin-api has no meters; the launcher turns this into a timer by route, method and status.
 *
 * <p>Called on the connection's event loop as the reply is written: it must return at once and never throw.
 */
@FunctionalInterface
public interface HttpRequestObserver {

  /** {@code route} of a request no route's path matched (a 404), or one refused before routing (malformed). */
  String UNMATCHED = "unmatched";

  /** Nobody listening. */
  HttpRequestObserver NONE = (route, method, status, nanos) -> { };

  /**
   * @param route the pattern of the route whose path matched ({@code /v1/kv/{key...}}), never the path itself,
   *     so there are as many values as routes; {@link #UNMATCHED} when none did
   * @param method the request's method when it is one of HTTP's standard ones, else {@code OTHER}: a client
   *     may send any token
   * @param status the reply's status code
   * @param nanos from the whole request having arrived to its reply being handed to the connection; a blocking
   *     query's wait included
   */
  void answered(String route, String method, int status, long nanos);
}
