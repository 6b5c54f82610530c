package dev.signpost.core.health.http;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 answer as its bytes arrive, in pieces of any size: the status line, the few headers
 * a probe needs ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}, {@code Location}),
 * and the body, framed by its length, chunked, or running to the connection's close. Informational
 * answers (1xx) before the real one are skipped.
 *
 * <p>Bounded: the status line, headers and trailers together may take {@link #HEADER_LIMIT} bytes. Of the
 * body, the first {@code bodyLimit} bytes are kept; up to {@link #DRAIN_LIMIT} more are read and dropped,
 * so that the connection can serve the next check; a longer body ends the answer where it stands and the
 * connection is not reused.
 *
 * <p>One answer per parser; not thread-safe (the client's event loop owns it).
 */
final class ResponseParser {

  /** Status line, headers and trailers together: far above what a health endpoint sends. */
  static final int HEADER_LIMIT = 64 * 1024;
  /** Body bytes past the kept ones that are read and dropped to keep a connection alive. */
  static final int DRAIN_LIMIT = 64 * 1024;
  /** A chunk-size line, extensions included. */
  private static final int CHUNK_LINE_LIMIT = 4096;

  private enum State { STATUS, HEADERS, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE }

  private final boolean headRequest;
  private final int bodyLimit;
  private State state = State.STATUS;
  private boolean started;
  private int headerBytes;
  private byte[] line = new byte[256];
  private int lineLength;

  private int status;
  private boolean http10;
  private boolean closeAfter;
  private boolean chunked;
  private boolean otherCoding;
  private long contentLength = -1;
  private String location;

  private long remaining;
  private byte[] kept;
  private int keptLength;
  private long dropped;
  /** The body was longer than the kept and drained bytes together: the rest was not read. */
  private boolean cut;

  /** @param headRequest whether the request was HEAD, whose answer has no body whatever its headers say */
  ResponseParser(boolean headRequest, int bodyLimit) {
    this.headRequest = headRequest;
    this.bodyLimit = bodyLimit;
  }

  /**
   * Reads {@code bytes[from, to)}; returns where it stopped: {@code to}, or earlier once the answer is
   * complete ({@link #done()}). Bytes after a complete answer are the caller's concern.
   *
   * @throws ProtocolException when the bytes are not an HTTP/1.x answer or exceed a bound
   */
  int feed(byte[] bytes, int from, int to) throws ProtocolException {
    int at = from;
    if (at < to) {
      started = true;
    }
    while (at < to && state != State.DONE) {
      switch (state) {
        case STATUS, HEADERS, TRAILERS, CHUNK_SIZE, CHUNK_END -> {
          int end = lineEnd(bytes, at, to);
          if (end < 0) {
            append(bytes, at, to);
            return to;
          }
          append(bytes, at, end);
          at = end + 1;
          line();
        }
        case LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, to - at);
          body(bytes, at, n);
          at += n;
          remaining -= n;
          if (state == State.DONE) {
            break; // cut
          }
          if (remaining == 0) {
            state = state == State.LENGTH ? State.DONE : State.CHUNK_END;
          } else if (state == State.LENGTH && keptLength == bodyLimit && dropped + remaining > DRAIN_LIMIT) {
            cut(); // the rest of a long body is not worth reading
          }
        }
        case TO_CLOSE -> {
          body(bytes, at, to - at);
          at = to;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return at;
  }

  /**
   * The connection closed: completes an answer whose body runs to the close.
   *
   * @throws IOException when the answer was not complete
   */
  void closed() throws IOException {
    if (state == State.TO_CLOSE) {
      state = State.DONE;
      closeAfter = true;
    } else if (state != State.DONE) {
      throw new IOException(started ? "connection closed in the middle of the answer"
          : "connection closed before an answer");
    }
  }

  boolean done() {
    return state == State.DONE;
  }

  /** Whether any byte of the answer arrived: a reused connection closed before that may be retried. */
  boolean started() {
    return started;
  }

  /** Whether the connection may carry another request: the answer was read to its end and allows it. */
  boolean reusable() {
    return state == State.DONE && !closeAfter && !cut && !http10;
  }

  int status() {
    return status;
  }

  /** The {@code Location} header, or null. */
  String location() {
    return location;
  }

  /** The kept body, decoded as UTF-8. */
  String body() {
    return keptLength == 0 ? "" : new String(kept, 0, keptLength, StandardCharsets.UTF_8);
  }

  private static int lineEnd(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(byte[] bytes, int from, int to) throws ProtocolException {
    int n = to - from;
    boolean chunkLine = state == State.CHUNK_SIZE || state == State.CHUNK_END;
    if (chunkLine ? lineLength + n > CHUNK_LINE_LIMIT : (headerBytes += n) > HEADER_LIMIT) {
      throw new ProtocolException(chunkLine ? "chunk size line over " + CHUNK_LINE_LIMIT + " bytes"
          : "answer headers over " + HEADER_LIMIT / 1024 + " KiB");
    }
    if (lineLength + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(bytes, from, line, lineLength, n);
    lineLength += n;
  }

  /** Handles the line in {@link #line}, without its LF (and without a CR before it). */
  private void line() throws ProtocolException {
    int n = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
    lineLength = 0;
    switch (state) {
      case STATUS -> statusLine(n);
      case HEADERS -> {
        if (n == 0) {
          headersEnd();
        } else {
          header(n);
        }
      }
      case CHUNK_SIZE -> chunkSize(n);
      case CHUNK_END -> {
        if (n != 0) {
          throw new ProtocolException("chunk not followed by CRLF");
        }
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (n == 0) {
          state = State.DONE;
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void statusLine(int n) throws ProtocolException {
    // HTTP/1.x SP 3DIGIT [SP reason]
    boolean valid = n >= 12 && startsWith(line, "HTTP/1.") && isDigit(line[7]) && line[8] == ' '
        && isDigit(line[9]) && isDigit(line[10]) && isDigit(line[11]) && line[9] != '0'
        && (n == 12 || line[12] == ' ');
    if (!valid) {
      throw new ProtocolException("Invalid status line: \"" + new String(line, 0, Math.min(n, 200),
          StandardCharsets.ISO_8859_1) + "\"");
    }
    http10 = line[7] == '0';
    status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    state = State.HEADERS;
  }

  private void header(int n) throws ProtocolException {
    if (line[0] == ' ' || line[0] == '\t') {
      return; // an obsolete folded continuation: of no header this parser reads
    }
    int colon = indexOf(line, (byte) ':', n);
    if (colon <= 0) {
      throw new ProtocolException("invalid header line: \"" + new String(line, 0, Math.min(n, 200),
          StandardCharsets.ISO_8859_1) + "\"");
    }
    int start = colon + 1;
    int end = n;
    while (start < end && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
      end--;
    }
    if (nameIs(colon, "content-length")) {
      long length = length(start, end);
      if (contentLength >= 0 && contentLength != length) {
        throw new ProtocolException("conflicting Content-Length headers");
      }
      contentLength = length;
    } else if (nameIs(colon, "transfer-encoding")) {
      // Only the last coding frames the body; chunked must be last when present (RFC 9112 6.1).
      String codings = new String(line, start, end - start, StandardCharsets.ISO_8859_1).trim();
      int comma = codings.lastIndexOf(',');
      String last = (comma < 0 ? codings : codings.substring(comma + 1)).trim();
      chunked = last.equalsIgnoreCase("chunked");
      otherCoding = !chunked;
    } else if (nameIs(colon, "connection")) {
      for (String token : new String(line, start, end - start, StandardCharsets.ISO_8859_1).split(",")) {
        closeAfter |= token.trim().equalsIgnoreCase("close");
      }
    } else if (nameIs(colon, "location")) {
      location = new String(line, start, end - start, StandardCharsets.UTF_8);
    }
  }

  private void headersEnd() {
    if (status < 200 && status != 101) {
      resetForNextAnswer(); // 100 Continue, 103 Early Hints: the answer follows
      return;
    }
    boolean noBody = headRequest || status == 204 || status == 304 || status < 200;
    if (status == 101) {
      closeAfter = true; // a switch we never asked for: nothing more on this connection is HTTP/1.1
    }
    if (noBody) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
      closeAfter |= contentLength >= 0; // both framings: a sign of smuggling, do not reuse
    } else if (otherCoding) {
      state = State.TO_CLOSE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = remaining == 0 ? State.DONE : State.LENGTH;
    } else {
      state = State.TO_CLOSE;
    }
  }

  private void resetForNextAnswer() {
    state = State.STATUS;
    closeAfter = false;
    chunked = false;
    otherCoding = false;
    contentLength = -1;
    location = null;
  }

  private void chunkSize(int n) throws ProtocolException {
    long size = 0;
    int i = 0;
    for (; i < n; i++) {
      int digit = Character.digit(line[i], 16);
      if (digit < 0) {
        break;
      }
      if (size > (Long.MAX_VALUE >> 4)) {
        throw new ProtocolException("chunk size too large");
      }
      size = size << 4 | digit;
    }
    if (i == 0 || (i < n && line[i] != ';' && line[i] != ' ' && line[i] != '\t')) {
      throw new ProtocolException("invalid chunk size line");
    }
    if (size == 0) {
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  private void body(byte[] bytes, int from, int n) {
    int keep = Math.min(n, bodyLimit - keptLength);
    if (keep > 0) {
      if (kept == null) {
        long hint = contentLength >= 0 && !chunked ? contentLength : 256;
        kept = new byte[(int) Math.min(bodyLimit, Math.max(hint, keep))];
      } else if (keptLength + keep > kept.length) {
        kept = java.util.Arrays.copyOf(kept, Math.min(bodyLimit, Math.max(kept.length * 2, keptLength + keep)));
      }
      System.arraycopy(bytes, from, kept, keptLength, keep);
      keptLength += keep;
    }
    dropped += n - keep;
    if (dropped > DRAIN_LIMIT || (state == State.TO_CLOSE && keptLength == bodyLimit)) {
      cut(); // a body running to the close is not drained: the connection closes anyway
    }
  }

  private void cut() {
    cut = true;
    state = State.DONE;
  }

  private long length(int start, int end) throws ProtocolException {
    if (start == end || end - start > 18) {
      throw new ProtocolException("invalid Content-Length");
    }
    long n = 0;
    for (int i = start; i < end; i++) {
      if (!isDigit(line[i])) {
        throw new ProtocolException("invalid Content-Length");
      }
      n = n * 10 + (line[i] - '0');
    }
    return n;
  }

  private boolean nameIs(int nameLength, String lowerName) {
    if (nameLength != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      int c = line[i];
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b, int n) {
    for (int i = 0; i < n; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
