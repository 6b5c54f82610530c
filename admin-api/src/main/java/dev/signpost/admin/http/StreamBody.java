package dev.signpost.admin.http;

/**
 * The body of a streamed response ({@link ApiResponse#stream}): written as things happen rather than all at once,
 * for as long as the connection lives (Server-Sent Events). The connection serves nothing else meanwhile.
 */
@FunctionalInterface
public interface StreamBody {

  /** Called on the connection's event loop once the status line and headers are written. */
  void open(ResponseStream stream);
}
