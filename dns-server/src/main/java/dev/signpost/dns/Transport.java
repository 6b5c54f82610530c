package dev.signpost.dns;

/** How a query arrived; it bounds the size of the reply. */
public enum Transport {
  UDP,
  TCP
}
