/**
 * Turns registry state into DNS data.
 *
 * <p>Entry points: {@link dev.signpost.zones.ZoneView} follows the registry (it is a
 * {@code RegistryListener}) and publishes immutable {@link dev.signpost.zones.ZoneSnapshot}s;
 * {@link dev.signpost.zones.RegistryZone#plan} answers a question from the current snapshot, read by one
 * parser whether it came as bytes or through dnsjava ({@link dev.signpost.zones.QueryName}). A service's
 * answer is an {@link dev.signpost.zones.AnswerPlan} (served instances → policy → TTL → strategy order →
 * tiers → limit, decided once) that two renderers side by side write: {@code RecordRenderer} as dnsjava
 * records, {@link dev.signpost.zones.WireRenderer} as bytes into a {@link dev.signpost.zones.WireOutput}
 * (A, AAAA, and SRV with IP targets), the numbers of the wire format in {@link dev.signpost.zones.DnsWire};
 * {@link dev.signpost.zones.NamingScheme} is the naming table of DESIGN.md in code (each
 * {@link dev.signpost.zones.NameForm} is one row); records are made in one place,
 * {@link dev.signpost.zones.RecordFactory}.
 *
 * <p>What it answers: the service, tag, RFC 2782 and address names of the registry's domain; DNS-SD
 * (RFC 6763) under the same domain ({@code _services._dns-sd._udp} type enumeration, {@code _<svc>._tcp}
 * PTR browse, {@code <instance>._<svc>._tcp} SRV and TXT, in {@code DnsSdLookup}), where an instance's
 * label is its id, or a prefix plus a hash when the id is longer than one label ({@code InstanceLabels});
 * and the {@code in-addr.arpa}/{@code ip6.arpa} names of the addresses registered instances have (a PTR
 * per service there). We own no reverse zone: every other reverse question is
 * {@link dev.signpost.zones.LookupResult.NotAuthoritative}, for the forwarder. A domain whose first label is
 * {@code service} ({@code service.consul}) makes us authoritative for its parent ({@code consul.}) as Consul is:
 * the parent's apex, {@code <svc>.service.<dc>.<parent>} (every name of the domain, in our datacenter) and
 * {@code <node>.node[.<dc>].<parent>} (addresses from a {@link dev.signpost.zones.NodeAddresses}, such as a
 * {@link dev.signpost.zones.NodeTable} the launcher fills), NXDOMAIN with the parent's SOA for the rest
 * ({@code ParentLookup}).
 *
 * <p>Threading: snapshots are built on the registry's writing thread, one change at a time (and the
 * first, from the registry's whole state, in one pass: {@code ZoneSnapshot.Builder}); lookups run on any
 * thread and take no lock (one volatile read of the current snapshot).
 *
 * <p>Depends on core and dnsjava only: no Netty, no HTTP.
 */
package dev.signpost.zones;
