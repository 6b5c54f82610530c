package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.Tiers;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers questions about the registry's domain from the current {@link ZoneSnapshot}: the naming
 * scheme of DESIGN.md (DNS-SD through {@link DnsSdLookup}), NXDOMAIN and NODATA with the SOA, and, per
 * query, the order, SRV priorities, TTL and answer limit of each service's policy. Also answers the
 * reverse names ({@code in-addr.arpa}, {@code ip6.arpa}) of the addresses instances have, and leaves every
 * other reverse name to someone else. Lock-free: it reads one snapshot per question.
 */
public final class RegistryZone {

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ZoneView view;
  private final ServiceDiscovery discovery;
  private final DnsSdLookup dnsSd;
  private final CommonAnswers common;

  /** @param discovery orders each answer ({@link ServiceDiscovery#arrange}) and holds the services' policies */
  public RegistryZone(RecordFactory records, ZoneView view, ServiceDiscovery discovery) {
    this.records = records;
    this.naming = records.naming();
    this.view = view;
    this.discovery = discovery;
    this.dnsSd = new DnsSdLookup(records, discovery);
    this.common = new CommonAnswers(records, view, discovery);
  }

  public Name origin() {
    return naming.domain();
  }

  /**
   * The common question with a positive answer, written straight into a reply's bytes: the same records,
   * in the same bytes, that {@link #lookup} gives (see {@link CommonAnswers}).
   *
   * @param wire the query's bytes, its question's name between {@code nameStart} and {@code nameEnd}
   * @param out the reply so far: its header and the question, copied from the query
   * @return the counts of the records written, or null when {@link #lookup} must answer (and {@code out} is
   *     to be discarded)
   */
  public EncodedAnswer encode(byte[] wire, int nameStart, int nameEnd, int qtype, Client client, WireOutput out) {
    return common.encode(wire, nameStart, nameEnd, qtype, client, out);
  }

  /**
   * @param qname the question's name, as the client spelled it (answers echo its case)
   * @param qtype the question's type
   */
  public LookupResult lookup(Name qname, int qtype, Client client) {
    NameForm form = naming.parse(qname);
    if (form instanceof NameForm.OutOfZone) {
      return new LookupResult.NotAuthoritative();
    }
    ZoneSnapshot snapshot = view.current();
    if (form instanceof NameForm.ReverseAddress r) {
      return reverse(snapshot, qname, qtype, r.address());
    }
    if (form instanceof NameForm.Apex) {
      return apex(snapshot, qtype);
    }
    if (form instanceof NameForm.Service s) {
      return service(snapshot, qname, qtype, s.service(), s.tags(), false, client);
    }
    if (form instanceof NameForm.RfcService s) {
      return service(snapshot, qname, qtype, s.service(), s.tags(), true, client);
    }
    if (form instanceof NameForm.DnsSdInstance i) {
      return dnsSd.instance(snapshot, qname, qtype, i, client);
    }
    if (form instanceof NameForm.ServiceTypes) {
      return dnsSd.serviceTypes(snapshot, qname, qtype);
    }
    if (form instanceof NameForm.ServiceTypesParent) {
      // Also the RFC 2782 name of a service called dns-sd; otherwise an empty non-terminal while any
      // service exists, so a resolver minimising its questions (RFC 9156) goes on to the name below.
      if (snapshot.service(NamingScheme.DNS_SD_SERVICE) != null) {
        return service(snapshot, qname, qtype, NamingScheme.DNS_SD_SERVICE, List.of(), true, client);
      }
      return snapshot.serviceCount() > 0 ? Answers.noData(snapshot) : Answers.nxDomain(snapshot);
    }
    if (form instanceof NameForm.Address a) {
      boolean v4 = a.address() instanceof Inet4Address;
      boolean wanted = qtype == Type.ANY || qtype == (v4 ? Type.A : Type.AAAA);
      return wanted ? Answers.answer(List.of(records.addressRecord(qname, a.address())), List.of())
          : Answers.noData(snapshot);
    }
    if (form instanceof NameForm.RfcParent p) {
      boolean protocol = p.label().equals("tcp") || p.label().equals("udp");
      boolean exists = protocol ? snapshot.serviceCount() > 0 : snapshot.hasTag(p.label());
      return exists ? Answers.noData(snapshot) : Answers.nxDomain(snapshot);
    }
    if (form instanceof NameForm.AddressParent) {
      return Answers.noData(snapshot);
    }
    return Answers.nxDomain(snapshot);
  }

  private LookupResult apex(ZoneSnapshot snapshot, int qtype) {
    return switch (qtype) {
      case Type.SOA -> Answers.answer(List.of(snapshot.soa()), List.of());
      case Type.NS -> Answers.answer(List.of(records.ns()), List.of(records.nameServerGlue()));
      case Type.ANY -> Answers.answer(List.of(snapshot.soa(), records.ns()), List.of(records.nameServerGlue()));
      default -> Answers.noData(snapshot);
    };
  }

  /**
   * A reverse name: one PTR {@code <svc>.<domain>} per service with an instance (any health) at the
   * address, with the zone's TTL (one RRset, one TTL). We do not own the reverse zones, so every other
   * question there is someone else's (a forwarder's) to answer, not NXDOMAIN or NODATA.
   */
  private LookupResult reverse(ZoneSnapshot snapshot, Name qname, int qtype, InetAddress address) {
    List<String> services = snapshot.servicesAt(address);
    if (services.isEmpty() || (qtype != Type.PTR && qtype != Type.ANY)) {
      return new LookupResult.NotAuthoritative();
    }
    List<Record> answer = new ArrayList<>(services.size());
    for (String service : services) {
      answer.add(records.ptr(qname, naming.serviceName(service), records.ttl()));
    }
    return Answers.answer(answer, List.of());
  }

  /**
   * @param rfc the RFC 2782 form {@code _<svc>._tcp}: SRV only, and (without a tag filter) the DNS-SD
   *     browse PTRs
   */
  private LookupResult service(ZoneSnapshot snapshot, Name qname, int qtype, String service,
      List<String> tags, boolean rfc, Client client) {
    ServiceEntry entry = snapshot.service(service);
    if (entry == null || !entry.hasInstanceWith(tags)) {
      return Answers.nxDomain(snapshot);
    }
    boolean addresses = !rfc && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY);
    boolean srv = qtype == Type.SRV || (rfc && qtype == Type.ANY);
    boolean browse = rfc && tags.isEmpty() && (qtype == Type.PTR || qtype == Type.ANY);
    if (!addresses && !srv && !browse) {
      return Answers.noData(snapshot);
    }
    List<Instance> served = entry.servedWith(tags);
    if (served.isEmpty()) {
      return Answers.nothingServed(snapshot);
    }
    ServicePolicy policy = discovery.policy(service);
    long ttl = Answers.ttl(policy, entry, records.ttl());
    if (browse && !srv) {
      return Answers.answer(dnsSd.browse(qname, entry, ttl), List.of());
    }
    List<Instance> ordered = discovery.arrange(policy, served, client);
    if (srv) {
      return srvAnswer(qname, ordered, ttl, client, browse ? dnsSd.browse(qname, entry, ttl) : List.of());
    }
    // A set: two instances on one address give one record (RFC 2181 5: no duplicate records in an RRset).
    Set<Record> answer = new LinkedHashSet<>();
    for (Instance i : ordered) {
      if (qtype == Type.ANY) {
        records.address(qname, i, Type.A, ttl).ifPresent(answer::add);
        records.address(qname, i, Type.AAAA, ttl).ifPresent(answer::add);
      } else {
        records.address(qname, i, qtype, ttl).ifPresent(answer::add);
      }
    }
    return answer.isEmpty() ? Answers.noData(snapshot) : Answers.answer(List.copyOf(answer), List.of());
  }

  /** @param more records that follow the SRVs in the answer (the browse PTRs of an ANY question) */
  private LookupResult srvAnswer(Name qname, List<Instance> ordered, long ttl, Client client, List<Record> more) {
    List<Record> answer = new ArrayList<>(ordered.size() + more.size());
    Set<Record> additional = new LinkedHashSet<>();
    for (Instance i : ordered) {
      answer.add(records.srv(qname, i, Tiers.priority(i, client), ttl, additional));
    }
    answer.addAll(more);
    return Answers.answer(answer, List.copyOf(additional));
  }
}
