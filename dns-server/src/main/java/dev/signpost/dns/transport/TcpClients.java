package dev.signpost.dns.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on open TCP connections ({@code --tcp-max-clients}), kept below the process's file limit so a
 * crowd of clients cannot take the descriptors that UDP, the journal and the HTTP API need. A connection
 * over the cap is closed as it is accepted, with a reset rather than a lingering close; UDP is never
 * affected.
 */
final class TcpClients {

  private final int max;
  private final TransportMeters meters;
  private final AtomicInteger open = new AtomicInteger();

  TcpClients(int max, TransportMeters meters) {
    this.max = max;
    this.meters = meters;
    meters.openConnections(open::get);
  }

  /** Counts a new connection in, or closes it when the cap is reached; false when it was closed. */
  boolean admit(Channel channel) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      meters.closed(TransportMeters.Closed.MAX_CLIENTS);
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.close();
      return false;
    }
    channel.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }
}
