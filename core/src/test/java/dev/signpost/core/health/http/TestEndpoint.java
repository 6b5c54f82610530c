package dev.signpost.core.health.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP endpoint on loopback, a thread per connection: it reads each request's head and lets
 * the test's {@link Script} answer it (or not) on the raw socket. It counts the connections it accepted
 * and notes each one the client closed.
 */
public final class TestEndpoint implements AutoCloseable {

  /** One request: which connection (from 1), which request on it (from 1), its head. */
  public record Request(int connection, int number, String head) {}

  public interface Script {
    /** Writes the answer to {@code out}, or nothing (a hang); may close {@code socket}. */
    void answer(Request request, OutputStream out, Socket socket) throws IOException;
  }

  private final ServerSocket server;
  private final Script script;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Connections (by number) the client closed: their read reached the end. */
  public final BlockingQueue<Integer> closedByClient = new LinkedBlockingQueue<>();
  public final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

  public TestEndpoint(Script script) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread acceptor = new Thread(this::accept, "test-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers each request with a fixed text, byte for byte. */
  public static TestEndpoint answering(String raw) throws IOException {
    return new TestEndpoint((request, out, socket) -> out.write(raw.getBytes(StandardCharsets.ISO_8859_1)));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  public int accepted() {
    return accepted.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int n = accepted.incrementAndGet();
        Thread t = new Thread(() -> serve(s, n), "test-endpoint-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s, int connection) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      for (int number = 1; ; number++) {
        String head = head(in);
        if (head == null) {
          closedByClient.add(connection);
          return;
        }
        Request request = new Request(connection, number, head);
        requests.add(request);
        script.answer(request, out, s);
        out.flush();
        if (s.isClosed()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client reset it, or the test closed it
      closedByClient.add(connection);
    }
  }

  /** A request's head up to its blank line; null at the end of the stream. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
