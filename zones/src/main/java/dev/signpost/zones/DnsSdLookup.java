package dev.signpost.zones;

import dev.signpost.balance.Client;
import dev.signpost.balance.Tiers;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNS-SD (RFC 6763) over the registry: service type enumeration (§9), browsing a service type (§4), and
 * resolving one instance to its SRV and TXT (§5, §6). Only served instances are listed or resolved; a
 * registered instance that is not served answers NODATA with the brief SOA, as a service with nothing to
 * serve does. Stateless: {@link RegistryZone} hands it the question's snapshot.
 */
final class DnsSdLookup {

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ServiceDiscovery discovery;

  DnsSdLookup(RecordFactory records, ServiceDiscovery discovery) {
    this.records = records;
    this.naming = records.naming();
    this.discovery = discovery;
  }

  /** {@code _services._dns-sd._udp.<domain>}: one PTR {@code _<svc>._tcp.<domain>} per service with a served instance. */
  LookupResult serviceTypes(ZoneSnapshot snapshot, Name qname, int qtype) {
    if (snapshot.serviceCount() == 0) {
      return LookupResult.Records.nxDomain(snapshot); // as _udp.<domain>, its ancestor, is then: nothing exists below it
    }
    if (qtype != Type.PTR && qtype != Type.ANY) {
      return LookupResult.Records.noData(snapshot);
    }
    List<String> served = snapshot.servedServices();
    if (served.isEmpty()) {
      return LookupResult.Records.nothingServed(snapshot);
    }
    List<Record> answer = new ArrayList<>(served.size());
    for (String service : served) {
      answer.add(records.ptr(qname, naming.serviceTypeName(service), records.ttl()));
    }
    return LookupResult.Records.answer(answer, List.of());
  }

  /**
   * The browse PTRs of {@code _<svc>._tcp|_udp.<domain>}: one per served instance, in id order, naming
   * {@code <label>.<qname>}. Every served instance, whatever the service's answer limit: a browser wants
   * them all. An instance whose name would pass 255 bytes (a very long domain) cannot be named and is left out.
   */
  List<Record> browse(Name qname, ServiceEntry entry, long ttl) {
    List<Instance> served = entry.servedWith(List.of());
    List<Record> answer = new ArrayList<>(served.size());
    for (Instance i : served) {
      entry.labels().label(i.id())
          .flatMap(label -> NamingScheme.instanceName(qname, label))
          .ifPresent(name -> answer.add(records.ptr(qname, name, ttl)));
    }
    return answer;
  }

  /** {@code <instance>._<svc>._tcp|_udp.<domain>}: SRV (with glue), TXT, or both for ANY. */
  LookupResult instance(ZoneSnapshot snapshot, Name qname, int qtype, NameForm.DnsSdInstance form, Client client) {
    ServiceEntry entry = snapshot.service(form.service());
    Optional<Instance> registered = entry == null ? Optional.empty() : entry.instanceLabelled(form.label());
    if (registered.isEmpty()) {
      return LookupResult.Records.nxDomain(snapshot);
    }
    boolean srv = qtype == Type.SRV || qtype == Type.ANY;
    boolean txt = qtype == Type.TXT || qtype == Type.ANY;
    if (!srv && !txt) {
      return LookupResult.Records.noData(snapshot);
    }
    Optional<Instance> served = entry.served(registered.get().id());
    if (served.isEmpty()) {
      return LookupResult.Records.nothingServed(snapshot);
    }
    Instance i = served.get();
    long ttl = entry.ttl(discovery.policy(form.service()), records.ttl());
    List<Record> answer = new ArrayList<>(2);
    List<Record> additional = new ArrayList<>(1);
    if (srv) {
      answer.add(records.srv(qname, i, Tiers.priority(i, client), ttl, additional));
    }
    if (txt) {
      answer.add(records.txt(qname, i, ttl));
    }
    return LookupResult.Records.answer(answer, additional);
  }
}
