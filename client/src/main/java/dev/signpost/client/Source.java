package dev.signpost.client;

/** Where the client's current list of instances came from. */
public enum Source {

  /** Nothing yet: no answer from the server or DNS, and no cache file. */
  NONE,

  /** The cache file, read at start; used until the server or DNS answers. */
  CACHE,

  /** Signpost's health API: the last good answer, kept while the server is unreachable. */
  SERVER,

  /** DNS SRV records, used while the HTTP API is unreachable and DNS answers. */
  DNS
}
