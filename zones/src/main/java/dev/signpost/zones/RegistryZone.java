package dev.signpost.zones;

import dev.signpost.balance.Client;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers questions about the registry's domain from the current {@link ZoneSnapshot}: the naming
 * scheme of DESIGN.md (DNS-SD through {@link DnsSdLookup}), NXDOMAIN and NODATA with the SOA, and, per
 * query, the order, SRV priorities, TTL and answer limit of each service's policy. Also answers the
 * reverse names ({@code in-addr.arpa}, {@code ip6.arpa}) of the addresses instances have, and leaves every
 * other reverse name to someone else. When the domain's first label is {@code service}, also the zone of its
 * parent ({@link ParentLookup}), with the datacenter form of the domain's names answered as those names are.
 * Lock-free: it reads one snapshot per question.
 *
 * <p>One path for every query: {@link #plan} parses the name ({@link NamingScheme#parse(QueryName)}) and
 * decides the answer; a service's instances come back as an {@link AnswerPlan}, written as records by
 * {@link RecordRenderer} ({@link #records}) or as bytes by {@link WireRenderer} ({@link #wireRenderer}).
 */
public final class RegistryZone {

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ZoneView view;
  private final ServiceDiscovery discovery;
  private final DnsSdLookup dnsSd;
  private final ParentLookup parent;
  private final RecordRenderer recordRenderer;
  private final WireRenderer wireRenderer;

  /** A zone whose parent, if it serves one, lists no nodes. */
  public RegistryZone(RecordFactory records, ZoneView view, ServiceDiscovery discovery) {
    this(records, view, discovery, NodeAddresses.NONE);
  }

  /**
   * @param discovery orders each answer ({@link ServiceDiscovery#arrange}) and holds the services' policies
   * @param nodes the nodes {@code <node>.node.<parent>} answers for, when the domain's parent is served
   *     ({@link NamingScheme#parent})
   */
  public RegistryZone(RecordFactory records, ZoneView view, ServiceDiscovery discovery, NodeAddresses nodes) {
    this.records = records;
    this.naming = records.naming();
    this.view = view;
    this.discovery = discovery;
    this.dnsSd = new DnsSdLookup(records, discovery);
    this.parent = new ParentLookup(records, nodes);
    this.recordRenderer = new RecordRenderer(records);
    this.wireRenderer = new WireRenderer(naming);
  }

  public Name origin() {
    return naming.domain();
  }

  /** Writes {@link AnswerPlan}s as bytes, for the replies that can carry them. */
  public WireRenderer wireRenderer() {
    return wireRenderer;
  }

  /**
   * The zone's answer to a question as records: {@link #plan}, with a plan rendered by {@link RecordRenderer}.
   *
   * @param qname the question's name, as the client spelled it (answers echo its case)
   * @return never an {@link AnswerPlan}
   */
  public LookupResult lookup(Name qname, int qtype, Client client) {
    QueryName name = QueryName.of(qname);
    LookupResult result = plan(name, qtype, client);
    return result instanceof AnswerPlan p ? records(name, p) : result;
  }

  /** A plan written as records by {@link RecordRenderer}, owned by the question's name. */
  public LookupResult.Records records(QueryName name, AnswerPlan plan) {
    return recordRenderer.render(name.name(), plan);
  }

  /**
   * What the zone says about a question, before it is written in any form: not ours, records (negative
   * answers, the apex, reverse names, DNS-SD, address names), or the plan of a service's answer.
   */
  public LookupResult plan(QueryName name, int qtype, Client client) {
    NameForm form = naming.parse(name);
    // Kept short, so the JIT inlines it into the handler: the forms nearly every query asks come first.
    if (form instanceof NameForm.Service s) {
      return service(view.current(), name, qtype, s.service(), s.tags(), false, client);
    }
    if (form instanceof NameForm.RfcService s) {
      return service(view.current(), name, qtype, s.service(), s.tags(), true, client);
    }
    return otherForm(form, name, qtype, client);
  }

  /** Every form but a service's: fixed records, the parent's zone, or not ours. */
  private LookupResult otherForm(NameForm form, QueryName name, int qtype, Client client) {
    if (form instanceof NameForm.OutOfZone) {
      return new LookupResult.NotAuthoritative();
    }
    ZoneSnapshot snapshot = view.current();
    if (form instanceof NameForm.InDatacenter d) {
      return inDatacenter(snapshot, d.form(), name, qtype, client);
    }
    if (form instanceof NameForm.Node n) {
      return parent.node(snapshot, name, qtype, n.node());
    }
    if (form instanceof NameForm.ParentApex) {
      return parent.apex(snapshot, qtype);
    }
    if (form instanceof NameForm.ParentNonTerminal) {
      return parent.noData(snapshot);
    }
    if (form instanceof NameForm.ParentNoSuchName) {
      return parent.nxDomain(snapshot);
    }
    return domainForm(snapshot, form, name, qtype, client);
  }

  /**
   * {@code <rest>.service.<dc>.<parent>}: the answer of {@code <rest>.<domain>}, its plan marked for the bytes'
   * compression, its negative answers with the parent's SOA.
   */
  private LookupResult inDatacenter(ZoneSnapshot snapshot, NameForm form, QueryName name, int qtype,
      Client client) {
    LookupResult answer = domainForm(snapshot, form, name, qtype, client);
    if (answer instanceof AnswerPlan plan) {
      return plan.inDatacenterForm();
    }
    if (answer instanceof LookupResult.Records fixed) {
      return ParentLookup.inParentZone(fixed, snapshot);
    }
    return answer;
  }

  /** A form of the domain's names (or of a datacenter form's, read as the domain's). */
  private LookupResult domainForm(ZoneSnapshot snapshot, NameForm form, QueryName name, int qtype, Client client) {
    if (form instanceof NameForm.Service s) {
      return service(snapshot, name, qtype, s.service(), s.tags(), false, client);
    }
    if (form instanceof NameForm.RfcService s) {
      return service(snapshot, name, qtype, s.service(), s.tags(), true, client);
    }
    Name qname = name.name();
    if (form instanceof NameForm.ReverseAddress r) {
      return reverse(snapshot, qname, qtype, r.address());
    }
    if (form instanceof NameForm.Apex) {
      return apex(snapshot, qtype);
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
        return service(snapshot, name, qtype, NamingScheme.DNS_SD_SERVICE, List.of(), true, client);
      }
      return snapshot.serviceCount() > 0 ? LookupResult.Records.noData(snapshot)
          : LookupResult.Records.nxDomain(snapshot);
    }
    if (form instanceof NameForm.Address a) {
      boolean v4 = a.address() instanceof Inet4Address;
      boolean wanted = qtype == Type.ANY || qtype == (v4 ? Type.A : Type.AAAA);
      return wanted ? LookupResult.Records.answer(List.of(records.addressRecord(qname, a.address())), List.of())
          : LookupResult.Records.noData(snapshot);
    }
    if (form instanceof NameForm.RfcParent p) {
      boolean protocol = p.label().equals("tcp") || p.label().equals("udp");
      boolean exists = protocol ? snapshot.serviceCount() > 0 : snapshot.hasTag(p.label());
      return exists ? LookupResult.Records.noData(snapshot) : LookupResult.Records.nxDomain(snapshot);
    }
    if (form instanceof NameForm.AddressParent) {
      return LookupResult.Records.noData(snapshot);
    }
    return LookupResult.Records.nxDomain(snapshot);
  }

  private LookupResult apex(ZoneSnapshot snapshot, int qtype) {
    return switch (qtype) {
      case Type.SOA -> LookupResult.Records.answer(List.of(snapshot.soa()), List.of());
      case Type.NS -> LookupResult.Records.answer(List.of(records.ns()), List.of(records.nameServerGlue()));
      case Type.ANY -> LookupResult.Records.answer(List.of(snapshot.soa(), records.ns()), List.of(records.nameServerGlue()));
      default -> LookupResult.Records.noData(snapshot);
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
    return LookupResult.Records.answer(answer, List.of());
  }

  /**
   * A service's answer: the entry → its served instances (with the tags asked) → the policy's TTL → the
   * strategy's order for this client (tiers, answer limit) → the plan. The positive answer every common query
   * gets is decided here, in few bytecodes so the JIT inlines it; the rest in {@link #unplanned}.
   *
   * @param rfc the RFC 2782 form {@code _<svc>._tcp}: SRV only, and (without a tag filter) the DNS-SD
   *     browse PTRs
   */
  private LookupResult service(ZoneSnapshot snapshot, QueryName name, int qtype, String service,
      List<String> tags, boolean rfc, Client client) {
    ServiceEntry entry = snapshot.service(service);
    boolean srv = qtype == Type.SRV || (rfc && qtype == Type.ANY);
    boolean addresses = !rfc && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY);
    boolean browse = rfc && tags.isEmpty() && (qtype == Type.PTR || qtype == Type.ANY);
    List<Instance> served = entry != null && !browse && (srv || addresses) && entry.hasInstanceWith(tags)
        ? entry.servedWith(tags) : List.of();
    if (served.isEmpty()) {
      return unplanned(snapshot, name, qtype, service, entry, tags, srv, addresses, browse, client);
    }
    return planned(snapshot, service, entry, served, qtype, srv, client, List.of());
  }

  private LookupResult planned(ZoneSnapshot snapshot, String service, ServiceEntry entry, List<Instance> served,
      int qtype, boolean srv, Client client, List<Record> more) {
    ServicePolicy policy = discovery.policy(service);
    long ttl = entry.ttl(policy, records.ttl());
    List<Instance> ordered = discovery.arrange(policy, served, client);
    if (srv) {
      return AnswerPlan.srv(ordered, entry, client, ttl, more);
    }
    AnswerPlan plan = AnswerPlan.addresses(qtype, ordered, entry, ttl);
    return plan.hasAddressRecords() ? plan : LookupResult.Records.noData(snapshot);
  }

  /**
   * The rest of a service name's answers: NXDOMAIN (no such service, or no instance with the tags), NODATA
   * (a type the form has no records of), nothing served now, and the DNS-SD browse PTRs (alone, or after the
   * SRVs of an ANY question).
   */
  private LookupResult unplanned(ZoneSnapshot snapshot, QueryName name, int qtype, String service,
      ServiceEntry entry, List<String> tags, boolean srv, boolean addresses, boolean browse, Client client) {
    if (entry == null || !entry.hasInstanceWith(tags)) {
      return LookupResult.Records.nxDomain(snapshot);
    }
    if (!addresses && !srv && !browse) {
      return LookupResult.Records.noData(snapshot);
    }
    List<Instance> served = entry.servedWith(tags);
    if (served.isEmpty()) {
      return LookupResult.Records.nothingServed(snapshot);
    }
    long ttl = entry.ttl(discovery.policy(service), records.ttl());
    List<Record> browsed = dnsSd.browse(name.name(), entry, ttl);
    return srv ? planned(snapshot, service, entry, served, qtype, true, client, browsed)
        : LookupResult.Records.answer(browsed, List.of());
  }
}
