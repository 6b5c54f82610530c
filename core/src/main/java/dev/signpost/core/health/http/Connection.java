package dev.signpost.core.health.http;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One socket to a target, idle in the pool or carrying one exchange. Event loop only. */
final class Connection {

  /** {@code host:port}, as {@link HttpCall#target()} says. */
  final String target;
  /** The address it connected to, as the gate admitted it. */
  final InetSocketAddress address;
  final SocketChannel channel;
  SelectionKey key;
  /** The exchange it carries, or null while it connects for none or is idle. */
  Exchange exchange;
  /** What is left to write of the request. */
  ByteBuffer unwritten;
  /** Exchanges it completed: more than 0 means the next one reuses it. */
  int served;
  /** When it went idle, on {@link System#nanoTime}. */
  long idleSince;
  boolean closed;

  Connection(String target, InetSocketAddress address, SocketChannel channel) {
    this.target = target;
    this.address = address;
    this.channel = channel;
  }
}
