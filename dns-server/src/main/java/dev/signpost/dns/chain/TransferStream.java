package dev.signpost.dns.chain;

import org.xbill.DNS.Message;

/**
 * The messages of one zone transfer (AXFR, IXFR), made one at a time as the transport can send them, so a large zone
 * is never held whole. Used by one connection's event loop; {@link #close} is called once, at the end or when the
 * connection goes, and frees what the transfer holds (its place among the transfers running at once).
 */
public interface TransferStream extends AutoCloseable {

  /** The next message, unsigned; null after the last. */
  Message next();

  @Override
  void close();
}
