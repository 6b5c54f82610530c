package dev.signpost.client;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address the client stands for when a strategy asks who is calling (ip-hash hashes it, so each client
 * host keeps its own order): the first address of the first interface that is up and not a loopback, IPv4
 * first; the loopback address on a host without one. Looked up once, at build time, without DNS.
 */
final class LocalAddress {

  private LocalAddress() {}

  static InetAddress find() {
    try {
      InetAddress v6 = null;
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a.isLinkLocalAddress() || a.isLoopbackAddress()) {
            continue;
          }
          if (a.getAddress().length == 4) {
            return a;
          }
          v6 = v6 == null ? a : v6;
        }
      }
      return v6 != null ? v6 : InetAddress.getLoopbackAddress();
    } catch (SocketException | RuntimeException e) {
      return InetAddress.getLoopbackAddress();
    }
  }
}
