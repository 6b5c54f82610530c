package dev.signpost.core.health.http;

import dev.signpost.core.Addresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A small HTTP/1.1 client for health probes: plain {@code http://} only, one bodiless request per
 * exchange, all exchanges on one NIO selector thread ({@code signpost-probe-http}). A waiting exchange
 * holds a socket and an entry in a queue, never a thread.
 *
 * <p>Connections are kept alive across calls: one whose answer ended cleanly (read to its end, no
 * {@code Connection: close}, not HTTP/1.0) waits in a pool for the next call to the same {@code host:port},
 * at most {@code maxIdlePerTarget} per target, until {@code idleTimeout}; idle ones are closed oldest first
 * to keep at most {@code maxConnections} open. The pool watches its sockets: one the server closes while
 * idle is dropped at once. If a reused connection still turns out closed before the first byte of the
 * answer (the server closed it as the request went out), the call starts over once on a fresh connection.
 *
 * <p>Each call's timeout covers the whole exchange; at it, or when the caller cancels the future, the
 * connection is closed. Host names are resolved on the {@code resolver} executor, only when a new
 * connection is needed.
 *
 * <p>Every address passes the {@link AddressGate} before it is used: a fresh connection's, after its name
 * is resolved and before the socket opens, and then connects to exactly that address (no second lookup);
 * an idle connection's again each time it is reused. A refused address fails the call with the gate's
 * exception.
 */
public final class KeepAliveClient implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KeepAliveClient.class.getName());
  private static final int READ_BUFFER = 16 * 1024;

  private final SelectorLoop loop;
  private final Executor resolver;
  private final AddressGate gate;
  private final IdleConnections idle;
  private final int maxConnections;
  private final long idleTimeout;
  private final PriorityQueue<Exchange> deadlines = new PriorityQueue<>(Comparator.comparingLong(e -> e.deadline));
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private volatile int open;
  private volatile long opened;

  private KeepAliveClient(int maxIdlePerTarget, int maxConnections, Duration idleTimeout, Executor resolver,
      AddressGate gate) throws IOException {
    this.loop = new SelectorLoop("signpost-probe-http");
    this.resolver = resolver;
    this.gate = gate;
    this.idle = new IdleConnections(maxIdlePerTarget);
    this.maxConnections = maxConnections;
    this.idleTimeout = idleTimeout.toNanos();
  }

  /**
   * Starts a client and its thread.
   *
   * @param maxIdlePerTarget idle connections kept per {@code host:port}
   * @param maxConnections open connections above which idle ones are closed, oldest first
   * @param idleTimeout how long a connection may stay idle
   * @param resolver where host names are resolved (blocking)
   */
  public static KeepAliveClient start(int maxIdlePerTarget, int maxConnections, Duration idleTimeout,
      Executor resolver) {
    return start(maxIdlePerTarget, maxConnections, idleTimeout, resolver, AddressGate.OPEN);
  }

  /** Like {@link #start(int, int, Duration, Executor)}, connecting only where {@code gate} admits. */
  public static KeepAliveClient start(int maxIdlePerTarget, int maxConnections, Duration idleTimeout,
      Executor resolver, AddressGate gate) {
    java.util.Objects.requireNonNull(gate, "gate");
    if (maxIdlePerTarget < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1, got " + maxIdlePerTarget + " and "
          + maxConnections);
    }
    KeepAliveClient client;
    try {
      client = new KeepAliveClient(maxIdlePerTarget, maxConnections, idleTimeout, resolver, gate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for HTTP probes", e);
    }
    client.loop.start(client.new Events());
    return client;
  }

  /**
   * Sends a call. The future completes with the answer, or fails: {@link TimeoutException} at the call's
   * timeout, {@link java.net.ConnectException} when refused, {@link UnknownHostException}, a
   * {@link ProtocolException} for an answer that is not HTTP/1.x or exceeds a bound, another
   * {@link IOException} when the connection breaks. Cancelling it closes the connection.
   */
  public CompletableFuture<HttpAnswer> send(HttpCall call) {
    Exchange exchange = new Exchange(this, call, System.nanoTime());
    if (loop.closed()) {
      exchange.completeExceptionally(new IOException("the HTTP probe client is closed"));
      return exchange;
    }
    loop.execute(() -> begin(exchange));
    return exchange;
  }

  /** Connections open now, idle or busy. */
  public int openConnections() {
    return open;
  }

  /** Connections opened since start: with keep-alive working, far fewer than the calls. */
  public long connectionsOpened() {
    return opened;
  }

  @Override
  public void close() {
    loop.close();
  }

  void abort(Exchange exchange) {
    loop.execute(() -> abandon(exchange));
  }

  // ---- event loop from here on ----

  /** The loop's calls, kept off this class's public face. */
  private final class Events implements SelectorLoop.Handler {
    @Override
    public void ready(SelectionKey key) {
      KeepAliveClient.this.ready(key);
    }

    @Override
    public long due(long now) {
      return KeepAliveClient.this.due(now);
    }

    @Override
    public void stopped() {
      KeepAliveClient.this.stopped();
    }
  }

  private void ready(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      int ops = key.readyOps();
      if ((ops & SelectionKey.OP_CONNECT) != 0) {
        connected(c);
      } else {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
          write(c);
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !c.closed) {
          read(c);
        }
      }
    } catch (IOException e) {
      broken(c, e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "HTTP probe connection failed", e);
      broken(c, new IOException(e.toString(), e));
    }
  }

  private void begin(Exchange ex) {
    if (ex.isDone()) {
      return; // cancelled before it started
    }
    if (loop.closed()) {
      ex.completeExceptionally(new IOException("the HTTP probe client is closed"));
      return;
    }
    ex.timed = true;
    deadlines.add(ex);
    Connection c = idle.take(ex.target);
    if (c != null && !admitted(c.address)) {
      close(c); // the policy changed since it opened: a fresh connection resolves and is judged anew
      c = null;
    }
    if (c != null) {
      carry(c, ex);
    } else {
      open(ex);
    }
  }

  private boolean admitted(InetSocketAddress address) {
    try {
      gate.admit(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Opens a fresh connection for {@code ex}, resolving its host first when it is a name. */
  private void open(Exchange ex) {
    String host = ex.call.uri().getHost();
    int port = ex.call.port();
    Optional<InetAddress> ip = Addresses.ip(host);
    if (ip.isPresent()) {
      InetSocketAddress address = new InetSocketAddress(ip.get(), port);
      try {
        gate.admit(address);
      } catch (IOException e) {
        fail(ex, e);
        return;
      }
      connect(ex, address);
      return;
    }
    try {
      resolver.execute(() -> {
        try {
          InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
          gate.admit(address);
          loop.execute(() -> connect(ex, address));
        } catch (IOException e) { // no such host, or not admitted
          loop.execute(() -> fail(ex, e));
        }
      });
    } catch (RejectedExecutionException e) {
      fail(ex, new IOException("the HTTP probe client is closed", e));
    }
  }

  private void connect(Exchange ex, InetSocketAddress address) {
    if (ex.isDone()) {
      return; // timed out or cancelled while its host was resolved
    }
    makeRoom(maxConnections - 1);
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection c = new Connection(ex.target, address, channel);
      open++;
      opened++;
      c.key = channel.register(loop.selector(), 0, c);
      attach(c, ex);
      if (channel.connect(address)) {
        write(c);
      } else {
        c.key.interestOps(SelectionKey.OP_CONNECT);
      }
    } catch (IOException e) {
      if (ex.connection != null) {
        broken(ex.connection, e);
      } else {
        closeQuietly(channel);
        fail(ex, e);
      }
    }
  }

  private void connected(Connection c) throws IOException {
    c.channel.finishConnect();
    write(c);
  }

  private void carry(Connection c, Exchange ex) {
    attach(c, ex);
    try {
      write(c);
    } catch (IOException e) {
      broken(c, e);
    }
  }

  private void attach(Connection c, Exchange ex) {
    c.exchange = ex;
    ex.connection = c;
    ex.parser = new ResponseParser(ex.call.isHead(), ex.call.bodyLimit());
    c.unwritten = ByteBuffer.wrap(ex.request);
  }

  private void write(Connection c) throws IOException {
    if (c.unwritten != null) {
      c.channel.write(c.unwritten);
      if (!c.unwritten.hasRemaining()) {
        c.unwritten = null;
      }
    }
    // Reading starts with the request: a server may answer (and close) before it has read it all.
    interest(c, c.unwritten == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  private void read(Connection c) throws IOException {
    Exchange ex = c.exchange;
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (ex == null) {
      // Idle: the server closed it, or sent what nobody asked for. Either way it cannot carry a call.
      idle.remove(c);
      close(c);
      return;
    }
    if (n < 0) {
      ex.parser.closed();
      finish(c, ex, false);
      return;
    }
    int end = ex.parser.feed(readBuffer.array(), 0, n);
    if (ex.parser.done()) {
      finish(c, ex, end < n);
    }
  }

  /** The answer is complete: the connection goes back to the pool if it can, then the caller hears. */
  private void finish(Connection c, Exchange ex, boolean bytesAfterAnswer) {
    ResponseParser parser = ex.parser;
    detach(c, ex);
    untime(ex);
    if (parser.reusable() && !bytesAfterAnswer && !loop.closed()) {
      c.served++;
      long now = System.nanoTime();
      if (idle.offer(c, now)) {
        makeRoom(maxConnections);
      } else {
        close(c);
      }
    } else {
      close(c);
    }
    ex.complete(new HttpAnswer(parser.status(), Optional.ofNullable(parser.location()), parser.body()));
  }

  /**
   * The connection failed: the exchange on it starts over on a fresh connection if the connection was a
   * reused one that closed before any byte of the answer, and fails otherwise.
   */
  private void broken(Connection c, IOException error) {
    Exchange ex = c.exchange;
    if (ex == null) {
      idle.remove(c);
      close(c);
      return;
    }
    boolean retry = c.served > 0 && !ex.parser.started() && !ex.retried && !ex.isDone()
        && !(error instanceof ProtocolException);
    detach(c, ex);
    close(c);
    if (retry) {
      ex.retried = true;
      open(ex);
    } else {
      fail(ex, error);
    }
  }

  private void fail(Exchange ex, Throwable error) {
    abandon(ex);
    ex.completeExceptionally(error);
  }

  /** Drops an exchange that ended early (failed, timed out, cancelled): its connection is closed. */
  private void abandon(Exchange ex) {
    untime(ex);
    Connection c = ex.connection;
    if (c != null) {
      detach(c, ex);
      close(c);
    }
  }

  private static void detach(Connection c, Exchange ex) {
    c.exchange = null;
    c.unwritten = null;
    ex.connection = null;
  }

  private void untime(Exchange ex) {
    if (ex.timed) {
      ex.timed = false;
      deadlines.remove(ex);
    }
  }

  /** Fails the exchanges past their deadline and closes the connections idle too long; says when to look again. */
  private long due(long now) {
    for (Exchange ex; (ex = deadlines.peek()) != null && ex.deadline - now <= 0; ) {
      deadlines.poll();
      ex.timed = false;
      fail(ex, new TimeoutException("timed out"));
    }
    for (Connection c; (c = idle.oldest()) != null && now - c.idleSince >= idleTimeout; ) {
      idle.remove(c);
      close(c);
    }
    Exchange first = deadlines.peek();
    Connection oldest = idle.oldest();
    long next = first == null ? Long.MAX_VALUE : first.deadline - now;
    if (oldest != null) {
      next = Math.min(next, oldest.idleSince + idleTimeout - now);
    }
    return next == Long.MAX_VALUE ? -1 : next;
  }

  /** Closes idle connections, oldest first, while more than {@code keep} are open. */
  private void makeRoom(int keep) {
    for (Connection c; open > keep && (c = idle.oldest()) != null; ) {
      idle.remove(c);
      close(c);
    }
  }

  private static void interest(Connection c, int ops) {
    if (c.key.interestOps() != ops) {
      c.key.interestOps(ops);
    }
  }

  private void close(Connection c) {
    if (c.closed) {
      return;
    }
    c.closed = true;
    open--;
    closeQuietly(c.channel);
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // the socket is gone either way
    }
  }

  private void stopped() {
    IOException gone = new IOException("the HTTP probe client is closed");
    List<Exchange> pending = new ArrayList<>(deadlines);
    pending.forEach(ex -> fail(ex, gone));
    for (SelectionKey key : loop.selector().keys()) {
      Connection c = (Connection) key.attachment();
      if (c.exchange != null) {
        fail(c.exchange, gone);
      }
      close(c);
    }
  }
}
