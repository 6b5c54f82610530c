package dev.signpost.core.lb;

import java.net.InetAddress;
import java.util.Objects;

/** Who is asking: the address a strategy may use to choose an order for this client. */
public record Client(InetAddress address) {

  public Client {
    Objects.requireNonNull(address, "address");
  }
}
