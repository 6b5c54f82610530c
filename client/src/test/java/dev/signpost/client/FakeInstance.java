package dev.signpost.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance of the service on a loopback port: answers every request with one status (its id in the body),
 * or holds requests until released, and counts them.
 */
final class FakeInstance implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-instance");
    t.setDaemon(true);
    return t;
  });
  private final String id;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status;
  private volatile CountDownLatch hold = new CountDownLatch(0);

  FakeInstance(String id, int status) throws IOException {
    this.id = id;
    this.status = status;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getRequestBody().readAllBytes();
      FakeSignpost.send(exchange, this.status, id);
    });
    server.start();
  }

  String id() {
    return id;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The health entry that lists this instance. */
  String entry() {
    return FakeSignpost.entry(id, port());
  }

  void answer(int newStatus) {
    status = newStatus;
  }

  /** Requests wait until {@link #release} (for timeouts). */
  void holdRequests() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
