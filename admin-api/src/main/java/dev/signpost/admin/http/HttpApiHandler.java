package dev.signpost.admin.http;

import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.FatalErrors;
import dev.signpost.core.TimeSource;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The edge between Netty and the API: turns an aggregated request into an {@link ApiRequest} (copying
 * the body out, so no buffer reaches a resource), hands it to the router, and writes the reply on the
 * connection's event loop when the router's stage completes. Stateless, so one instance serves every
 * connection.
 */
@Sharable
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final System.Logger LOG = System.getLogger(HttpApiHandler.class.getName());
  /** The headers a resource may read (content negotiation of the event stream, and its resumption). */
  static final List<String> PASSED_HEADERS = List.of("accept", "last-event-id");

  /** The methods {@link HttpRequestObserver} is told by name; any other token a client sends is {@code OTHER}. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private final HttpRouter router;
  private final ApiErrors errors;
  private final JsonCodec json;
  private final HttpRequestObserver observer;
  private final TimeSource time;

  HttpApiHandler(HttpRouter router, ApiErrors errors, JsonCodec json) {
    this(router, errors, json, HttpRequestObserver.NONE, TimeSource.system());
  }

  /** @param observer told of every answered request, timed on {@code time} */
  HttpApiHandler(HttpRouter router, ApiErrors errors, JsonCodec json, HttpRequestObserver observer,
      TimeSource time) {
    this.router = router;
    this.errors = errors;
    this.json = json;
    this.observer = observer;
    this.time = time;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Connection connection = HttpUtil.isKeepAlive(request)
        ? request.protocolVersion().isKeepAliveDefault() ? Connection.KEEP_OPEN : Connection.KEEP_OPEN_SAY_SO
        : Connection.CLOSE;
    Exchange exchange = new Exchange(time.nanoTime(), METHODS.contains(request.method().name())
        ? request.method().name() : "OTHER");
    if (request.decoderResult().isFailure()) {
      write(ctx, errors.malformedRequest(request.decoderResult().cause()), false, Connection.CLOSE, exchange);
      return;
    }
    ApiRequest api = toApiRequest(ctx, request);
    CompletionStage<ApiResponse> reply;
    try {
      reply = router.dispatch(api, exchange::routed);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    EventExecutor loop = ctx.executor();
    reply.whenComplete((response, failure) -> {
      ApiResponse out = failure == null ? response : errors.toResponse(failure);
      if (loop.inEventLoop()) {
        write(ctx, out, api.pretty(), connection, exchange);
      } else {
        loop.execute(() -> write(ctx, out, api.pretty(), connection, exchange));
      }
    });
  }

  /** One request on its way, for {@link HttpRequestObserver}: when it arrived, its method and route. */
  private static final class Exchange {
    final long started;
    final String method;
    String route = HttpRequestObserver.UNMATCHED;

    Exchange(long started, String method) {
      this.started = started;
      this.method = method;
    }

    void routed(PathPattern pattern) {
      route = pattern.text();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.escalate(cause);
    // A peer that resets its connection, or a connection closed mid-request (by the peer, or by the request
    // timeout: one per slow client, which must not flood the log), is routine; anything else is worth a line.
    boolean routine = cause instanceof IOException || cause instanceof PrematureChannelClosureException;
    LOG.log(routine ? Level.DEBUG : Level.WARNING,
        "admin API connection " + ctx.channel().remoteAddress() + " failed: " + cause);
    ctx.close();
  }

  private static ApiRequest toApiRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String rawPath = uri.rawPath();
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1)) {
      segments.add(QueryStringDecoder.decodeComponent(raw));
    }
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1); // "/v1/agent/services/" is "/v1/agent/services"
    }
    return new ApiRequest(request.method().name(), rawPath, segments, uri.parameters(),
        ByteBufUtil.getBytes(request.content()), (InetSocketAddress) ctx.channel().remoteAddress(),
        (InetSocketAddress) ctx.channel().localAddress(), ctx.executor(), Map.of(), token(request, uri),
        passedHeaders(request));
  }

  private static Map<String, String> passedHeaders(FullHttpRequest request) {
    Map<String, String> passed = new java.util.HashMap<>();
    for (String name : PASSED_HEADERS) {
      String value = request.headers().get(name);
      if (value != null) {
        passed.put(name, value);
      }
    }
    return passed;
  }

  /** The ACL token, where Consul looks for it: {@code X-Consul-Token}, then a bearer token, then {@code ?token=}. */
  private static String token(FullHttpRequest request, QueryStringDecoder uri) {
    String header = request.headers().get("X-Consul-Token");
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    List<String> query = uri.parameters().get("token");
    return query == null || query.isEmpty() ? null : query.get(0);
  }

  private void write(ChannelHandlerContext ctx, ApiResponse response, boolean pretty, Connection connection,
      Exchange exchange) {
    if (response.stream() != null) {
      // Even on a connection already closed: the body's writer then hears of the close at once, and frees
      // what it holds (its stream slot). Timed to its headers: a stream's length is its reader's business.
      answered(exchange, response.status());
      startStream(ctx, response);
      return;
    }
    if (!ctx.channel().isActive()) {
      answered(exchange, response.status());
      return; // the client gave up (a long poll it abandoned, say)
    }
    ApiResponse out = response;
    byte[] body;
    String contentType = null;
    try {
      if (out.json() != null) {
        body = json.write(out.json(), pretty);
        contentType = "application/json";
      } else if (out.bytes() != null) {
        body = out.bytes().body();
        contentType = out.bytes().contentType();
      } else {
        body = out.text() == null ? new byte[0] : out.text().getBytes(StandardCharsets.UTF_8);
      }
    } catch (RuntimeException e) {
      out = errors.toResponse(e);
      body = out.text().getBytes(StandardCharsets.UTF_8);
    }
    if (out.text() != null) {
      contentType = "text/plain; charset=utf-8";
    }
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(out.status()), Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      http.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    answered(exchange, out.status());
    out.headers().forEach((name, value) -> http.headers().set(name, value));
    if (connection == Connection.CLOSE) {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (connection == Connection.KEEP_OPEN_SAY_SO) {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    var written = ctx.writeAndFlush(http);
    if (connection == Connection.CLOSE) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Writes a streamed response's status and headers (chunked), then hands the body to its writer. It ends only
   * by closing the connection, which serves nothing else meanwhile.
   */
  private static void startStream(ChannelHandlerContext ctx, ApiResponse out) {
    DefaultHttpResponse http = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(out.status()));
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, out.stream().contentType());
    http.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    out.headers().forEach((name, value) -> http.headers().set(name, value));
    ctx.writeAndFlush(http);
    out.stream().body().open(new ResponseStream(ctx));
  }

  private void answered(Exchange exchange, int status) {
    observer.answered(exchange.route, exchange.method, status, time.nanoTime() - exchange.started);
  }

  /** What happens to the connection after the reply. */
  private enum Connection {
    CLOSE,
    KEEP_OPEN,
    /** An HTTP/1.0 client asked for keep-alive, which the reply must confirm. */
    KEEP_OPEN_SAY_SO
  }
}
