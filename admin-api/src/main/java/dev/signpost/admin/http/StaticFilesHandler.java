package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the dashboard's files ({@link StaticFiles}) below {@value #MOUNT} and sends {@code /} and {@code /ui} there;
 * every other request passes on to the API. The files hold no data (the page fetches it with the user's token),
 * so they need no token even with ACLs on. Answers carry {@code X-Content-Type-Options: nosniff} and a
 * Content-Security-Policy that lets the page load only its own files and talk only to this server: no inline
 * script, no framing, nothing from elsewhere. Files carry an ETag and {@code Cache-Control: no-cache}, so a browser
 * asks again each time and gets a 304 until the jar changes. Stateless, so one instance serves every connection.
 */
@Sharable
final class StaticFilesHandler extends ChannelInboundHandlerAdapter {

  /** Where the files are served. */
  static final String MOUNT = "/ui/";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Set<String> TO_MOUNT = Set.of("/", "/ui");
  private static final String INDEX = "index.html";

  private final StaticFiles files;

  StaticFilesHandler(StaticFiles files) {
    this.files = files;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).rawPath();
    boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    FullHttpResponse response;
    if (TO_MOUNT.contains(path) && read) {
      response = empty(HttpResponseStatus.FOUND);
      response.headers().set(HttpHeaderNames.LOCATION, MOUNT);
    } else if (!path.startsWith(MOUNT)) {
      ctx.fireChannelRead(msg);
      return;
    } else if (!read) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method() + " not allowed on " + path);
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
    } else {
      response = file(path, request.headers());
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean sayKeepAlive = keepAlive && !request.protocolVersion().isKeepAliveDefault();
    boolean head = request.method().equals(HttpMethod.HEAD);
    request.release();
    secure(response.headers());
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (sayKeepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (head) {
      response.content().clear(); // Content-Length stays: what a GET would carry
    }
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse file(String path, HttpHeaders requestHeaders) {
    String name = path.substring(MOUNT.length());
    Optional<StaticFiles.File> found = files.find(name.isEmpty() ? INDEX : name);
    if (found.isEmpty()) {
      return text(HttpResponseStatus.NOT_FOUND, "no such file in the dashboard: " + path);
    }
    StaticFiles.File file = found.get();
    String ifNoneMatch = requestHeaders.get(HttpHeaderNames.IF_NONE_MATCH);
    FullHttpResponse response = ifNoneMatch != null && matches(ifNoneMatch, file.etag())
        ? empty(HttpResponseStatus.NOT_MODIFIED)
        : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(file.body()));
    response.headers()
        .set(HttpHeaderNames.ETAG, file.etag())
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    if (response.status().equals(HttpResponseStatus.OK)) {
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, file.body().length);
    }
    return response;
  }

  /** Whether an {@code If-None-Match} list ({@code "a", W/"b"} or {@code *}) names {@code etag}. */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static void secure(HttpHeaders headers) {
    headers.set("X-Content-Type-Options", "nosniff")
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer");
  }

  private static FullHttpResponse empty(HttpResponseStatus status) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    if (!status.equals(HttpResponseStatus.NOT_MODIFIED)) {
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    }
    return response;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String message) {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }
}
