package dev.signpost.admin;

import dev.signpost.admin.consul.ConsulApi;
import dev.signpost.admin.consul.DatacenterParam;
import dev.signpost.admin.consul.NodeIdentity;
import dev.signpost.admin.http.AdminChannelInitializer;
import dev.signpost.admin.http.AllowedHosts;
import dev.signpost.admin.http.BlockingQuery;
import dev.signpost.admin.http.HostAddresses;
import dev.signpost.admin.http.HttpBounds;
import dev.signpost.admin.http.HttpConnectionStats;
import dev.signpost.admin.http.HttpRouter;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.admin.tls.ServerTls;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.SignpostVersion;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admin HTTP server: Consul's agent, catalog, health and status API over a {@link ServiceDiscovery}.
 * It owns its event loops (two NIO threads, daemon: the launcher decides how long the process lives).
 *
 * <pre>{@code
 * try (AdminServer http = AdminServer.start(discovery, AdminConfig.defaults())) { ... }
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
  /** One thread accepts and serves; the second keeps a slow JSON encoding from stalling every client. */
  private static final int EVENT_LOOP_THREADS = 2;

  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final InetSocketAddress address;
  private final HttpConnectionStats stats;
  private final Optional<ServerTls> tls;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AdminServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
      HttpConnectionStats stats, Optional<ServerTls> tls) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.connections = connections;
    this.address = (InetSocketAddress) serverChannel.localAddress();
    this.stats = stats;
    this.tls = tls;
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound; its message is one line such as
   *     {@code cannot listen for HTTP on 127.0.0.1:8500: Address already in use} and its cause is the
   *     {@link java.net.BindException}
   * @throws IllegalArgumentException when a TLS file cannot be used: one line naming the file and why
   */
  public static AdminServer start(ServiceDiscovery discovery, AdminConfig config) {
    return start(discovery, config, ServerOperations.NONE);
  }

  /**
   * Starts the API with {@code GET /metrics} and {@code PUT /v1/signpost/reload} served by
   * {@code operations}.
   *
   * @throws UncheckedIOException as {@link #start(ServiceDiscovery, AdminConfig)}
   */
  public static AdminServer start(ServiceDiscovery discovery, AdminConfig config, ServerOperations operations) {
    return start(discovery, config, operations, AclConfig.DISABLED);
  }

  /**
   * As {@link #start(ServiceDiscovery, AdminConfig, ServerOperations)}, enforcing ACL tokens as
   * {@code acl} says, for a node alone: its membership is itself ({@link Membership#single}) at the
   * configured listen address, and answers name it at the address the client reached.
   */
  public static AdminServer start(ServiceDiscovery discovery, AdminConfig config, ServerOperations operations,
      AclConfig acl) {
    Objects.requireNonNull(config, "config");
    return start(discovery, config, operations, acl, Membership.single(new Member(config.nodeName(),
        HostAddresses.text(config.bindAddress()), config.port(), config.datacenter(), true)));
  }

  /**
   * As {@link #start(ServiceDiscovery, AdminConfig, ServerOperations, AclConfig)} for a node of a cluster:
   * {@code /v1/agent/members}, {@code /v1/catalog/nodes}, {@code /v1/status/*} and {@code /v1/agent/self}
   * show {@code membership}, read afresh on every request.
   *
   * @param membership its {@code self()} must have {@code config}'s node name and datacenter
   * @throws IllegalArgumentException when it does not, naming both
   */
  public static AdminServer start(ServiceDiscovery discovery, AdminConfig config, ServerOperations operations,
      AclConfig acl, Membership membership) {
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(membership, "membership");
    // First: a TLS file the server cannot use is the user's mistake, found before anything is started.
    Optional<ServerTls> tls = config.tls().map(ServerTls::load);
    AllowedHosts hosts = AllowedHosts.forListener(config.bindAddress(), config.allowedHosts());
    JsonCodec json = new JsonCodec();
    NodeIdentity node = NodeIdentity.of(config.nodeName(), config.datacenter(), SignpostVersion.current());
    HttpRouter router = new HttpRouter(ConsulApi.routes(discovery, node, membership, json, operations, acl),
        discovery::index, new BlockingQuery(discovery::index, discovery::awaitIndexAbove),
        new DatacenterParam(node.datacenter()));

    EventLoopGroup group = new MultiThreadIoEventLoopGroup(EVENT_LOOP_THREADS,
        new DefaultThreadFactory("signpost-http", true), NioIoHandler.newFactory());
    ChannelGroup connections = new DefaultChannelGroup("signpost-http", GlobalEventExecutor.INSTANCE);
    HttpConnectionStats stats = new HttpConnectionStats();
    HttpBounds bounds = new HttpBounds(config.maxBodyBytes(), config.idleTimeout(), config.requestTimeout(),
        config.maxConnections());
    InetSocketAddress wanted = new InetSocketAddress(config.bindAddress(), config.port());
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new AdminChannelInitializer(connections, bounds, stats, router, json, tls, hosts,
            operations.httpRequests()))
        .bind(wanted)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      throw bindFailure(wanted, bound.cause());
    }
    AdminServer server = new AdminServer(group, bound.channel(), connections, stats, tls);
    LOG.log(Level.INFO, "admin API listening on " + (tls.isPresent() ? "https://" : "http://")
        + HostAddresses.hostPort(server.address) + tls.map(t -> ", TLS " + t.description()).orElse(""));
    return server;
  }

  /** The bound address: with port 0 in the config, the port the system picked. */
  public InetSocketAddress address() {
    return address;
  }

  /** True when the API speaks HTTPS only. */
  public boolean tls() {
    return tls.isPresent();
  }

  /**
   * Reads the TLS certificate, key and client CA files again (SIGHUP): connections accepted from now on
   * use them, open ones keep theirs. Blocks on the files: not for an event loop.
   *
   * @return what is served now, in one line
   * @throws IllegalArgumentException naming the file and the problem, in which case the previous
   *     certificate keeps serving
   */
  public String reloadTls() {
    return tls.map(ServerTls::reload).orElse("no TLS certificate to reload");
  }

  /**
   * Open connections and how often each HTTP bound (connection limit, idle and request timeouts, body
   * size) has triggered: for the launcher's metrics.
   */
  public HttpConnectionStats connectionStats() {
    return stats;
  }

  /** Stops accepting, closes open connections (long polls included), stops the event loops and waits. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private static RuntimeException bindFailure(InetSocketAddress wanted, Throwable cause) {
    String message = "cannot listen for HTTP on " + HostAddresses.hostPort(wanted) + ": "
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    if (cause instanceof IOException io) {
      return new UncheckedIOException(message, io);
    }
    return new IllegalStateException(message, cause);
  }

}
