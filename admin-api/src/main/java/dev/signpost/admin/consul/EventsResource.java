package dev.signpost.admin.consul;

import dev.signpost.admin.EventStreams;
import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.ResponseStream;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.acl.Authorizer;
import dev.signpost.core.events.EventHistory;
import dev.signpost.core.events.EventType;
import dev.signpost.core.events.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code GET /v1/signpost/events}: the event history, as a JSON array (oldest first, {@code ?since=INDEX},
 * {@code ?service=}, {@code ?instance=}, {@code ?limit=}), or with {@code Accept: text/event-stream} as
 * Server-Sent Events: the entries after {@code ?since=} (or after the {@code Last-Event-ID} a reconnecting
 * EventSource sends), then each new one as it happens, as {@code id: <Index>}, {@code event: <Type>} and
 * {@code data: <the JSON object>}, with a {@code : keepalive} comment every heartbeat. Entries are those the token
 * may read: {@code service:read} on their service, {@code node:read} on a node's. {@code X-Signpost-Oldest-Index}
 * says which is the oldest entry held: a caller asking from below it may have missed entries that aged out.
 */
final class EventsResource {

  static final String OLDEST_HEADER = "X-Signpost-Oldest-Index";
  /** Entries in one JSON answer when {@code ?limit=} does not say; at most {@link #MAX_LIMIT}. */
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  private static final String EVENT_STREAM = "text/event-stream";

  private final ServerOperations operations;
  private final AclGate acl;
  private final JsonCodec json;

  EventsResource(ServerOperations operations, AclGate acl, JsonCodec json) {
    this.operations = operations;
    this.acl = acl;
    this.json = json;
  }

  ApiResponse events(ApiRequest request) {
    EventStreams streams = operations.events()
        .orElseThrow(() -> new ApiException(404, "this server keeps no event history"));
    EventHistory history = streams.history();
    Predicate<HistoryEntry> filter = filter(request, acl.authorizer(request));
    boolean stream = request.header("accept").filter(a -> a.contains(EVENT_STREAM)).isPresent();
    long since = since(request, stream);
    if (!stream) {
      int limit = number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
      List<EventJson> found = history.after(since, filter, limit).stream().map(EventJson::of).toList();
      return ApiResponse.json(found).withHeader(OLDEST_HEADER, Long.toString(history.oldestIndex()));
    }
    if (!streams.tryOpen()) {
      return ApiResponse.text(503, "too many event streams open (--event-streams-max); try again later");
    }
    return ApiResponse.stream(EVENT_STREAM, s -> follow(s, streams, since, filter))
        .withHeader(OLDEST_HEADER, Long.toString(history.oldestIndex()));
  }

  /** Sends the replay, then each live entry, on the connection's event loop, until the connection closes. */
  private void follow(ResponseStream stream, EventStreams streams, long since, Predicate<HistoryEntry> filter) {
    EventHistory.Subscription subscription =
        streams.history().subscribe(since, filter, e -> stream.scheduler().execute(() -> send(stream, streams, e)));
    long beat = streams.heartbeat().toNanos();
    ScheduledFuture<?> heartbeat = stream.scheduler().scheduleAtFixedRate(
        () -> stream.send(": keepalive\n\n".getBytes(StandardCharsets.UTF_8)), beat, beat, TimeUnit.NANOSECONDS);
    stream.onClose(() -> {
      subscription.close();
      heartbeat.cancel(false);
      streams.closed();
    });
    stream.send(": signpost events\n\n".getBytes(StandardCharsets.UTF_8));
    subscription.replay().forEach(e -> send(stream, streams, e));
  }

  private void send(ResponseStream stream, EventStreams streams, HistoryEntry e) {
    if (!stream.open()) {
      return;
    }
    if (stream.unsentBytes() > streams.maxUnsentBytes()) {
      // The reader is too far behind: it reconnects with Last-Event-ID and gets the rest from the history.
      streams.slowReaderClosed();
      stream.close();
      return;
    }
    stream.send(frame(e));
  }

  /** One event: {@code id}, {@code event} and the entry's JSON on one {@code data} line. */
  byte[] frame(HistoryEntry e) {
    String data = new String(json.write(EventJson.of(e), false), StandardCharsets.UTF_8);
    return ("id: " + e.index() + "\nevent: " + e.type().wireName() + "\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Predicate<HistoryEntry> filter(ApiRequest request, Authorizer authorizer) {
    Optional<String> service = request.queryParam("service").filter(s -> !s.isEmpty());
    Optional<String> instance = request.queryParam("instance").filter(s -> !s.isEmpty());
    return e -> (service.isEmpty() || e.ofService(service.get()))
        && (instance.isEmpty() || e.instance().equals(instance.get()))
        && (e.type() == EventType.NODE ? authorizer.nodeRead(e.node()) : authorizer.serviceRead(e.service()));
  }

  /** {@code ?since=}, or for a stream the {@code Last-Event-ID} an EventSource sends when it reconnects. */
  private static long since(ApiRequest request, boolean stream) {
    Optional<String> lastEventId = stream ? request.header("last-event-id").filter(s -> !s.isBlank())
        : Optional.empty();
    if (lastEventId.isPresent()) {
      return parse("Last-Event-ID", lastEventId.get().strip(), 0, Long.MAX_VALUE);
    }
    return request.queryParam("since").map(s -> parse("since", s, 0, Long.MAX_VALUE)).orElse(0L);
  }

  private static int number(ApiRequest request, String name, int fallback, int min, int max) {
    return request.queryParam(name).map(s -> (int) parse(name, s, min, max)).orElse(fallback);
  }

  private static long parse(String name, String text, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + text
        + "'");
  }
}
