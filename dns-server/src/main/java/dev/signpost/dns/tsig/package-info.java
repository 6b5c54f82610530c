/**
 * TSIG (RFC 8945): the keys shared with secondaries ({@link dev.signpost.dns.tsig.TsigKeys}, from
 * {@code --tsig-key}), the check of a signed query, and the signing of its replies (one message, or each message of
 * a zone transfer chained to the one before, §5.3.1). dnsjava's {@code TSIG} does the cryptography; this package
 * decides which key, which error and which messages get signed. Immutable or confined to one connection's event
 * loop; depends on dnsjava and {@code dns.chain}.
 */
package dev.signpost.dns.tsig;
