package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.Tiers;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers questions about the registry's domain from the current {@link ZoneSnapshot}: the naming
 * scheme of DESIGN.md, NXDOMAIN and NODATA with the SOA, and, per query, the order, SRV priorities, TTL
 * and answer limit of each service's policy. Lock-free: it reads one snapshot per question.
 */
public final class RegistryZone {

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ZoneView view;
  private final ServiceDiscovery discovery;

  /** @param discovery orders each answer ({@link ServiceDiscovery#arrange}) and holds the services' policies */
  public RegistryZone(RecordFactory records, ZoneView view, ServiceDiscovery discovery) {
    this.records = records;
    this.naming = records.naming();
    this.view = view;
    this.discovery = discovery;
  }

  public Name origin() {
    return naming.domain();
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
    if (form instanceof NameForm.Apex) {
      return apex(snapshot, qtype);
    }
    if (form instanceof NameForm.Service s) {
      return service(snapshot, qname, qtype, s.service(), s.tags(), false, client);
    }
    if (form instanceof NameForm.RfcService s) {
      return service(snapshot, qname, qtype, s.service(), s.tags(), true, client);
    }
    if (form instanceof NameForm.Address a) {
      boolean v4 = a.address() instanceof Inet4Address;
      boolean wanted = qtype == Type.ANY || qtype == (v4 ? Type.A : Type.AAAA);
      return wanted ? answer(List.of(records.addressRecord(qname, a.address())), List.of())
          : noData(snapshot);
    }
    if (form instanceof NameForm.RfcParent p) {
      boolean protocol = p.label().equals("tcp") || p.label().equals("udp");
      boolean exists = protocol ? snapshot.serviceCount() > 0 : snapshot.hasTag(p.label());
      return exists ? noData(snapshot) : nxDomain(snapshot);
    }
    if (form instanceof NameForm.AddressParent) {
      return noData(snapshot);
    }
    return nxDomain(snapshot);
  }

  private LookupResult apex(ZoneSnapshot snapshot, int qtype) {
    return switch (qtype) {
      case Type.SOA -> answer(List.of(snapshot.soa()), List.of());
      case Type.NS -> answer(List.of(records.ns()), List.of(records.nameServerGlue()));
      case Type.ANY -> answer(List.of(snapshot.soa(), records.ns()), List.of(records.nameServerGlue()));
      default -> noData(snapshot);
    };
  }

  private LookupResult service(ZoneSnapshot snapshot, Name qname, int qtype, String service,
      List<String> tags, boolean srvOnly, Client client) {
    ServiceEntry entry = snapshot.service(service);
    if (entry == null || !entry.hasInstanceWith(tags)) {
      return nxDomain(snapshot);
    }
    boolean addresses = !srvOnly && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY);
    boolean srv = qtype == Type.SRV || (srvOnly && qtype == Type.ANY);
    if (!addresses && !srv) {
      return noData(snapshot);
    }
    List<Instance> served = entry.servedWith(tags);
    if (served.isEmpty()) {
      // Known, but nothing to serve now: a brief negative TTL, so a recovery is seen within a second.
      return new LookupResult.Answer(Rcode.NOERROR, List.of(), List.of(snapshot.briefSoa()), List.of());
    }
    ServicePolicy policy = discovery.policy(service);
    List<Instance> ordered = discovery.arrange(policy, served, client);
    long ttl = policy.ttl().orElse(records.ttl());
    if (entry.serving().failingOpen()) {
      ttl = Math.min(ttl, ZoneSnapshot.BRIEF_TTL);
    }
    if (srv) {
      return srvAnswer(qname, ordered, ttl, client);
    }
    List<Record> answer = new ArrayList<>(ordered.size());
    for (Instance i : ordered) {
      if (qtype == Type.ANY) {
        records.address(qname, i, Type.A, ttl).ifPresent(answer::add);
        records.address(qname, i, Type.AAAA, ttl).ifPresent(answer::add);
      } else {
        records.address(qname, i, qtype, ttl).ifPresent(answer::add);
      }
    }
    return answer.isEmpty() ? noData(snapshot) : answer(answer, List.of());
  }

  private LookupResult srvAnswer(Name qname, List<Instance> ordered, long ttl, Client client) {
    List<Record> answer = new ArrayList<>(ordered.size());
    Set<Record> additional = new LinkedHashSet<>();
    for (Instance i : ordered) {
      answer.add(records.srv(qname, i, Tiers.priority(i, client), ttl));
      records.targetGlue(i, ttl).ifPresent(additional::add);
    }
    return answer(answer, List.copyOf(additional));
  }

  private static LookupResult answer(List<Record> answer, List<Record> additional) {
    return new LookupResult.Answer(Rcode.NOERROR, answer, List.of(), additional);
  }

  private static LookupResult noData(ZoneSnapshot snapshot) {
    return new LookupResult.Answer(Rcode.NOERROR, List.of(), List.of(snapshot.soa()), List.of());
  }

  private static LookupResult nxDomain(ZoneSnapshot snapshot) {
    return new LookupResult.Answer(Rcode.NXDOMAIN, List.of(), List.of(snapshot.soa()), List.of());
  }
}
