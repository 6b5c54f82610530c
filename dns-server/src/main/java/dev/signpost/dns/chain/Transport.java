package dev.signpost.dns.chain;

/** How a query arrived; it bounds the size of the reply. */
public enum Transport {
  UDP,
  TCP
}
