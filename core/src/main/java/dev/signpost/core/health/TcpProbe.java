package dev.signpost.core.health;

import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A TCP check: passing when a connection to {@code host:port} is established within the timeout, then
 * closed at once. The resolved address must pass the {@link CheckTargets} policy; the connection goes to
 * exactly that address, and a refused one makes the check critical without connecting. Connects are
 * asynchronous; only resolving a host name runs on a worker thread. The
 * connection is closed whatever ends the probe: success, failure, its timeout or a cancel.
 */
final class TcpProbe implements AutoCloseable {

  private final Executor workers;
  private final CheckTargets targets;
  private final AsynchronousChannelGroup group;

  TcpProbe(Executor workers, CheckTargets targets) {
    this.workers = workers;
    this.targets = targets;
    try {
      this.group = AsynchronousChannelGroup.withFixedThreadPool(1, r -> {
        Thread t = new Thread(r, "signpost-probe-tcp");
        t.setDaemon(true);
        return t;
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the TCP check group", e);
    }
  }

  /** Completes with the check's state; cancelling the returned future closes the connection it opens. */
  CompletableFuture<ProbeResult> run(CheckSpec check) {
    Addresses.HostPort target = Addresses.requireHostPort("Check.TCP", check.tcp());
    String prefix = ProbeTarget.describe(check) + ": ";
    Duration timeout = check.effectiveTimeout();
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    resolve(target)
        .thenCompose(address -> admitted(address))
        .thenCompose(address -> connect(address, result))
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((ok, error) -> result.complete(ProbeResult.of(error == null
            ? new CheckState(HealthStatus.PASSING, prefix + "Success")
            : new CheckState(HealthStatus.CRITICAL, prefix + ProbeFailures.describe(error, timeout)))));
    return result;
  }

  private CompletableFuture<InetSocketAddress> resolve(Addresses.HostPort target) {
    return Addresses.ip(target.host())
        .map(ip -> CompletableFuture.completedFuture(new InetSocketAddress(ip, target.port())))
        .orElseGet(() -> CompletableFuture.supplyAsync(() -> {
          InetSocketAddress resolved = new InetSocketAddress(target.host(), target.port());
          if (resolved.isUnresolved()) {
            throw new CompletionException(new UnknownHostException(target.host()));
          }
          return resolved;
        }, workers));
  }

  /** The address as resolved, once the policy admits it: the connect goes to exactly this address. */
  private CompletableFuture<InetSocketAddress> admitted(InetSocketAddress address) {
    try {
      targets.admit(address);
      return CompletableFuture.completedFuture(address);
    } catch (CheckTargets.DeniedTargetException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Connects; the channel is closed once {@code result} is decided (connected, failed, timed out or cancelled). */
  private CompletableFuture<Void> connect(InetSocketAddress address, CompletableFuture<ProbeResult> result) {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open(group);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    result.whenComplete((r, e) -> closeQuietly(channel));
    if (result.isDone()) {
      return connected; // cancelled while the name was resolved
    }
    channel.connect(address, null, new CompletionHandler<Void, Void>() {
      @Override
      public void completed(Void ignored, Void attachment) {
        connected.complete(null);
      }

      @Override
      public void failed(Throwable error, Void attachment) {
        connected.completeExceptionally(error);
      }
    });
    return connected;
  }

  private static void closeQuietly(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was sent; a failed close leaks nothing the group's shutdown will not reclaim
    }
  }

  @Override
  public void close() {
    try {
      group.shutdownNow();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
