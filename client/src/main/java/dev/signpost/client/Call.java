package dev.signpost.client;

/**
 * One attempt of a call to one instance, as {@link SignpostClient#call} runs it. How it ends tells the client
 * how the instance did:
 *
 * <ul>
 *   <li>it returns a value: a success, unless the value is a {@link java.net.http.HttpResponse} whose status
 *       says otherwise (see below);
 *   <li>it throws {@link StatusException}: judged by the status it carries, as a response with that status;
 *   <li>it throws a connect error ({@link java.net.ConnectException}, {@link java.net.NoRouteToHostException})
 *       or a timeout ({@link java.net.http.HttpTimeoutException}, {@link java.net.SocketTimeoutException}), or
 *       the client's own per-attempt timeout ends it: a transient failure, tried again on another instance;
 *   <li>it throws anything else: a failure that is not tried again.
 * </ul>
 *
 * <p>Statuses: 502, 503, 504, 408 and 429 are transient failures, tried again; any other 5xx is a failure not
 * tried again; everything else (2xx, 3xx and the other 4xx, which are the caller's mistakes, not the
 * instance's) is a success and is never tried again.
 *
 * <p>The attempt runs on one of the client's call threads and is interrupted when its time is up; {@code
 * HttpClient.send} gives up on interrupt.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface Call<T> {

  /** Calls {@code instance} once. */
  T call(ServiceInstance instance) throws Exception;
}
