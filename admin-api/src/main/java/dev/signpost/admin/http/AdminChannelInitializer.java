package dev.signpost.admin.http;

import dev.signpost.admin.json.JsonCodec;
import dev.signpost.admin.tls.ServerTls;
import dev.signpost.core.TimeSource;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.Optional;

/**
 * Each accepted connection's pipeline, in order: the connection cap, the idle and request deadlines,
 * the read gate, with TLS the {@code SslHandler} and the handshake's watcher, the HTTP/1.1 codec, the
 * exchange boundaries (which drive the deadlines), the body limit (aggregating the body), the sequencer
 * (one request at a time, no reading meanwhile), the {@code Host} check, the dashboard's files (below
 * {@code /ui/}), then the API handler. Accepted
 * channels join {@code channels} so that closing the server can close them.
 */
public final class AdminChannelInitializer extends ChannelInitializer<Channel> {

  /** Netty's defaults, set here so that the bound is visible: longer gets 414 or 431 and a close. */
  private static final int MAX_INITIAL_LINE_BYTES = 4096;
  private static final int MAX_HEADER_BYTES = 8192;
  /** The dashboard's files, in the jar; read once each, so one instance serves every server in the process. */
  private static final StaticFiles DASHBOARD =
      new StaticFiles(AdminChannelInitializer.class.getClassLoader(), "dev/signpost/admin/ui");

  private final ChannelGroup channels;
  private final HttpBounds bounds;
  private final HttpConnectionStats stats;
  private final Optional<ServerTls> tls;
  private final ConnectionCapHandler cap;
  private final HostCheckHandler hostCheck;
  private final StaticFilesHandler files;
  private final HttpApiHandler handler;

  /**
   * @param tls when present, connections speak TLS with the certificate current when each is accepted
   * @param hosts the {@code Host} headers requests may carry
   */
  public AdminChannelInitializer(ChannelGroup channels, HttpBounds bounds, HttpConnectionStats stats,
      HttpRouter router, JsonCodec json, Optional<ServerTls> tls, AllowedHosts hosts) {
    this(channels, bounds, stats, router, json, tls, hosts, HttpRequestObserver.NONE);
  }

  /** @param requests told of every request the API answers */
  public AdminChannelInitializer(ChannelGroup channels, HttpBounds bounds, HttpConnectionStats stats,
      HttpRouter router, JsonCodec json, Optional<ServerTls> tls, AllowedHosts hosts, HttpRequestObserver requests) {
    this.channels = channels;
    this.bounds = bounds;
    this.stats = stats;
    this.tls = tls;
    this.cap = new ConnectionCapHandler(bounds.maxConnections(), stats, tls.isPresent());
    this.hostCheck = new HostCheckHandler(hosts);
    this.files = new StaticFilesHandler(DASHBOARD);
    this.handler = new HttpApiHandler(router, new ApiErrors(), json, requests, TimeSource.system());
  }

  @Override
  protected void initChannel(Channel ch) {
    channels.add(ch);
    ConnectionTimeoutHandler timeouts =
        new ConnectionTimeoutHandler(bounds.idleTimeout(), bounds.requestTimeout(), stats);
    ReadGate gate = new ReadGate();
    ChannelPipeline pipeline = ch.pipeline()
        .addLast("cap", cap)
        .addLast("timeouts", timeouts)
        .addLast("gate", gate);
    if (tls.isPresent()) {
      pipeline.addLast("tls", tls.get().newHandler(ch.alloc()))
          .addLast("handshake", new TlsHandshakeHandler(timeouts, stats));
    }
    pipeline
        .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
            .setMaxHeaderSize(MAX_HEADER_BYTES)))
        .addLast("exchange", new ExchangeBoundaryHandler(timeouts))
        .addLast("body", new BodyLimitAggregator(bounds.maxBodyBytes(), stats))
        .addLast("sequence", new RequestSequencer(gate, bounds.requestTimeout(), stats))
        .addLast("host", hostCheck)
        .addLast("files", files)
        .addLast("api", handler);
  }
}
