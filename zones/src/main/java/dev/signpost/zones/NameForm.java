package dev.signpost.zones;

import java.net.InetAddress;
import java.util.List;

/**
 * What a query name means under the registry's domain, before looking anything up. {@link NamingScheme}
 * produces these; DESIGN.md's naming table lists the forms.
 */
public sealed interface NameForm {

  /** The zone apex itself ({@code service.local}). */
  record Apex() implements NameForm {}

  /** {@code [<tag>.]...<svc>.<domain>}: instances of a service carrying every tag listed (none: all). */
  record Service(String service, List<String> tags) implements NameForm {
    public Service {
      tags = List.copyOf(tags);
    }
  }

  /** RFC 2782 {@code _<svc>._tcp|_udp.<domain>} (no tag) or {@code _<svc>._<tag>.<domain>} (tag filter). */
  record RfcService(String service, List<String> tags) implements NameForm {
    public RfcService {
      tags = List.copyOf(tags);
    }
  }

  /**
   * {@code <hex-ip>.addr.<domain>} or {@code <hex-ip>-<port>.addr.<domain>}: the address an SRV target stands
   * for (the port only makes each instance's target its own).
   */
  record Address(InetAddress address) implements NameForm {}

  /**
   * {@code _<label>.<domain>}: exists only as the parent of RFC 2782 names: for {@code _tcp}/{@code _udp}
   * when any service exists, otherwise when some instance carries the tag {@code label}.
   */
  record RfcParent(String label) implements NameForm {}

  /** {@code addr.<domain>}: the parent of every address name; always exists, holds no data. */
  record AddressParent() implements NameForm {}

  /** {@code _services._dns-sd._udp.<domain>}: DNS-SD service type enumeration (RFC 6763 §9). */
  record ServiceTypes() implements NameForm {}

  /**
   * {@code _dns-sd._udp.<domain>}: the parent of {@link ServiceTypes}; also the RFC 2782 name of a service
   * that happens to be called {@code dns-sd}.
   */
  record ServiceTypesParent() implements NameForm {}

  /**
   * {@code <instance>._<svc>._tcp|_udp.<domain>}: one DNS-SD service instance (RFC 6763 §4.1).
   *
   * @param service the service's key (lower case)
   * @param label the instance label as text, ASCII letters lower-cased (DNS folds no other case); see
   *     {@code InstanceLabels} for how an instance id becomes a label
   */
  record DnsSdInstance(String service, String label) implements NameForm {}

  /**
   * {@code <reversed IPv4>.in-addr.arpa.} or {@code <32 nibbles>.ip6.arpa.}: a reverse-lookup name for one
   * address. Outside the domain: the zone answers it only when an instance has that address.
   */
  record ReverseAddress(InetAddress address) implements NameForm {}

  /**
   * The domain's parent ({@code consul.} of {@code service.consul}), whose zone we serve when the domain's first
   * label is {@code service}, as Consul serves {@code consul.}: its apex (SOA, NS).
   */
  record ParentApex() implements NameForm {}

  /**
   * {@code <node>.node.<parent>} or {@code <node>.node.<dc>.<parent>} in our datacenter: a node's addresses.
   *
   * @param node the node's name, lower case
   */
  record Node(String node) implements NameForm {}

  /**
   * {@code <rest>.service.<dc>.<parent>} in our datacenter: answered as {@code <rest>.<domain>} is, owners echoing
   * the question, negative answers with the parent's SOA (the name is in the parent's zone).
   *
   * @param form what {@code <rest>.<domain>} is; never {@link Apex}, {@link OutOfZone} or {@link ReverseAddress}
   */
  record InDatacenter(NameForm form) implements NameForm {}

  /**
   * A name under the parent that exists only as the parent of others: {@code node.<parent>}, {@code <dc>.<parent>},
   * {@code service.<dc>.<parent>} and {@code node.<dc>.<parent>} for our datacenter.
   */
  record ParentNonTerminal() implements NameForm {}

  /** A name under the parent that is none of ours: another datacenter's, or no form at all. */
  record ParentNoSuchName() implements NameForm {}

  /** A name under the domain that no form can ever produce. */
  record NoSuchName() implements NameForm {}

  /** A name outside the domain and its parent's zone (and not a {@link ReverseAddress}). */
  record OutOfZone() implements NameForm {}
}
