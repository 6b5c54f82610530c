package dev.signpost.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports the kernel has just handed out as free on 127.0.0.1. etcd takes its ports as flags (and its peers must
 * know them before it starts), so it cannot bind port 0 itself; between our close and its bind another process
 * may take a port, which the callers detect and answer by starting again on new ports.
 */
final class FreePorts {

  private FreePorts() {
  }

  /** {@code count} distinct ports: all sockets are held open together, so none is handed out twice. */
  static List<Integer> pick(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on loopback", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // Nothing was accepted on it; it is closed or about to be.
        }
      }
    }
  }
}
