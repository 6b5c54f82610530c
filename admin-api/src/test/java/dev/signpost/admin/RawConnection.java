package dev.signpost.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain TCP connection to the server, for the tests that need what an HTTP client hides: sending a
 * request byte by byte, not sending at all, or seeing exactly when the server closes.
 */
final class RawConnection implements AutoCloseable {

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  RawConnection(InetSocketAddress server, Duration readTimeout) {
    try {
      socket.connect(server, 5_000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.US_ASCII));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One response: its head and, when it has a {@code Content-Length}, its body. */
  String readResponse() throws IOException {
    return readResponse(in);
  }

  /** One response read from {@code in}: its head and, when it has a {@code Content-Length}, its body. */
  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.size() + " bytes of a response: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    Matcher length = CONTENT_LENGTH.matcher(text);
    byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
    return text + new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Reads until the server closes (end of stream, or a reset when it closed with bytes of ours unread)
   * and says how long that took; fails if the read timeout passes first.
   */
  Duration awaitClosedByServer() throws IOException {
    long started = System.nanoTime();
    try {
      while (in.read() >= 0) {
        // whatever the server still sends, it is not what this waits for
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + socket.getSoTimeout() + " ms", e);
    } catch (SocketException e) {
      if (!e.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
        throw e;
      }
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  static int status(String response) {
    return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
  }

  static long consulIndex(String response) {
    Matcher index = Pattern.compile("(?im)^x-consul-index:\\s*(\\d+)\\s*$").matcher(response);
    if (!index.find()) {
      throw new AssertionError("no X-Consul-Index in " + response);
    }
    return Long.parseLong(index.group(1));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
