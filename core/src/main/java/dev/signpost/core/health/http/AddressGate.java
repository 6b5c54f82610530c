package dev.signpost.core.health.http;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Says whether {@link KeepAliveClient} may connect to an address, after its host name is resolved and
 * before any socket is opened; the client then connects to exactly that address.
 */
@FunctionalInterface
public interface AddressGate {

  /** Every address. */
  AddressGate OPEN = address -> {};

  /**
   * Returns when {@code address} may be reached.
   *
   * @throws IOException saying why not; the call fails with it and no connection is made
   */
  void admit(InetSocketAddress address) throws IOException;
}
