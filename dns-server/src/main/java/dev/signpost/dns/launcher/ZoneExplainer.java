package dev.signpost.dns.launcher;

import dev.signpost.admin.AnswerExplainer;
import dev.signpost.admin.AnswerExplanation;
import dev.signpost.balance.Client;
import dev.signpost.balance.Tiers;
import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.ServedInstances;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.zones.AnswerPlan;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.NameForm;
import dev.signpost.zones.NamingScheme;
import dev.signpost.zones.QueryName;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.files.StaticZones;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Explains answers by taking the path a query takes: the same {@link RegistryZone#plan} and
 * {@link RegistryZone#records} the DNS handler calls, for a client placed in its zone as the handler places
 * it, so the records shown are those a query would get. Around the plan it reads what decided it: the
 * service's instances and the set DNS serves ({@link ServiceDiscovery#serving}), the tags asked, the policy.
 *
 * <p>Planning runs the service's strategy for a {@linkplain Client#previewing previewing} client: a strategy
 * that rotates (round-robin, zone-aware) shows the next query's turn without taking it, and a random one
 * draws an order of its own; the explanation's note says which.
 */
final class ZoneExplainer implements AnswerExplainer {

  /** What a strategy's order promises about the next query; strategies missing here order deterministically. */
  private static final Map<String, String> STRATEGY_NOTES = Map.of(
      "round-robin", "round-robin: the order the next query gets, unless another query takes that turn first",
      "zone-aware", "zone-aware: the order the next query from this client's zone gets, unless another query"
          + " from that zone takes that turn first",
      "random", "random: each query draws its own order; the order shown is this explanation's draw",
      "weighted", "weighted: each query draws its own order; the order shown is this explanation's draw",
      "least-connections", "least-connections: the order follows the reported load, which moves between queries",
      "latency", "latency: the order follows the checks' measured latency, which moves between queries");

  private final RegistryZone zone;
  private final NamingScheme naming;
  private final ServiceDiscovery discovery;
  private final ClientZones clientZones;
  private final Optional<StaticZones> staticZones;
  /** Who gets names outside our zones forwarded; empty without upstreams (such names are refused). */
  private final Optional<Predicate<InetAddress>> recursion;
  /** The zone's TTL ({@code --ttl}), for a service whose policy sets none. */
  private final long zoneTtl;

  /**
   * @param records the factory {@code zone} was made with: its naming scheme and TTL
   * @param recursion who may have names outside our zones forwarded; empty without {@code --upstream}
   */
  ZoneExplainer(RegistryZone zone, RecordFactory records, ServiceDiscovery discovery, ClientZones clientZones,
      Optional<StaticZones> staticZones, Optional<Predicate<InetAddress>> recursion) {
    this.zone = zone;
    this.naming = records.naming();
    this.zoneTtl = records.ttl();
    this.discovery = discovery;
    this.clientZones = clientZones;
    this.staticZones = staticZones;
    this.recursion = recursion;
  }

  @Override
  public AnswerExplanation explain(String name, String type, InetAddress clientAddress) {
    Name qname = parseName(name);
    int qtype = Type.value(type);
    if (qtype < 0) {
      throw new IllegalArgumentException("type '" + type + "' is not a DNS type");
    }
    InetAddress address = Addresses.unmapped(clientAddress);
    Client client = new Client(address, clientZones.zoneOf(address)).previewing();
    QueryName query = QueryName.of(qname);
    NameForm form = naming.parse(query);
    NameForm inner = form instanceof NameForm.InDatacenter d ? d.form() : form;
    Optional<String> service = serviceOf(inner);
    LookupResult result = zone.plan(query, qtype, client);
    Builder b = new Builder(qname.toString(), Type.string(qtype), address, client, form, inner, service);
    if (result instanceof LookupResult.NotAuthoritative) {
      b.outcome = notOurs(qname, address);
      return b.build();
    }
    LookupResult.Records records = result instanceof AnswerPlan plan ? zone.records(query, plan)
        : (LookupResult.Records) result;
    b.records(records);
    if (service.isPresent() && (inner instanceof NameForm.Service || inner instanceof NameForm.RfcService)) {
      b.instances(service.get(), tagsOf(inner), result instanceof AnswerPlan plan ? plan : null, qtype);
    }
    return b.build();
  }

  private static Name parseName(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** The service a form asks about, as its key; empty for every form that names none. */
  private static Optional<String> serviceOf(NameForm form) {
    if (form instanceof NameForm.Service s) {
      return Optional.of(s.service());
    }
    if (form instanceof NameForm.RfcService s) {
      return Optional.of(s.service());
    }
    if (form instanceof NameForm.DnsSdInstance i) {
      return Optional.of(i.service());
    }
    return Optional.empty();
  }

  private static List<String> tagsOf(NameForm form) {
    return form instanceof NameForm.Service s ? s.tags() : ((NameForm.RfcService) form).tags();
  }

  /** What the chain does with a name the registry's zone leaves: a zone file's, forwarded, or refused. */
  private String notOurs(Name qname, InetAddress client) {
    if (staticZones.flatMap(z -> z.zoneFor(qname)).isPresent()) {
      return "not authoritative: answered from a zone file (--zone-file)";
    }
    if (recursion.isEmpty()) {
      return "not authoritative: refused (no --upstream)";
    }
    return recursion.get().test(client) ? "not authoritative: forwarded"
        : "not authoritative: refused (client not in --recursion-allow)";
  }

  /** The name's form's parts, by component name (capitalised), as text. */
  private static Map<String, String> parts(NameForm form) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (RecordComponent c : form.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(form);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      String text = value instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
          : value instanceof InetAddress a ? a.getHostAddress()
          : value instanceof NameForm f ? f.getClass().getSimpleName()
          : String.valueOf(value);
      parts.put(Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1), text);
    }
    return parts;
  }

  /** Why an instance outside the served set is left out: maintenance, else its failing checks. */
  static String healthReason(Instance i) {
    if (i.health().maintenance().isPresent()) {
      return "maintenance: " + i.health().maintenance().get();
    }
    List<String> failing = new ArrayList<>();
    for (Map.Entry<String, CheckState> c : i.health().checks().entrySet()) {
      HealthStatus status = c.getValue().status();
      if (status != HealthStatus.PASSING) {
        String output = c.getValue().output();
        failing.add("check '" + c.getKey() + "' " + status.wireName()
            + c.getValue().since().map(at -> " since " + at.truncatedTo(ChronoUnit.SECONDS)).orElse("")
            + (output.isEmpty() ? "" : ": " + output));
      }
    }
    return failing.isEmpty() ? "not served while " + i.status().wireName() : String.join("; ", failing);
  }

  /**
   * Each of the instance's checks, its passive check last, as explain lists them (a dashboard shows their since as
   * "last change").
   */
  private static List<AnswerExplanation.Check> checks(Instance i) {
    List<AnswerExplanation.Check> checks = new ArrayList<>();
    for (CheckSpec spec : i.checks()) {
      i.checkState(spec.checkId()).ifPresent(s -> checks.add(new AnswerExplanation.Check(spec.checkId(),
          spec.name().isEmpty() ? spec.checkId() : spec.name(), s.status().wireName(), s.output(), s.since())));
    }
    String passive = PassiveCheck.id(i.id());
    i.checkState(passive).ifPresent(s -> checks.add(new AnswerExplanation.Check(passive, PassiveCheck.NAME,
        s.status().wireName(), s.output(), s.since())));
    return checks;
  }

  /** Collects one explanation. */
  private final class Builder {
    private final String name;
    private final String type;
    private final InetAddress address;
    private final Client client;
    private final NameForm form;
    private final NameForm inner;
    private final Optional<String> service;
    private String outcome = "answered";
    private Optional<String> rcode = Optional.empty();
    private Optional<AnswerExplanation.Policy> policy = Optional.empty();
    private boolean failingOpen;
    private final List<AnswerExplanation.Candidate> instances = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private List<String> answer = List.of();
    private List<String> authority = List.of();
    private List<String> additional = List.of();
    private String note = "";

    Builder(String name, String type, InetAddress address, Client client, NameForm form, NameForm inner,
        Optional<String> service) {
      this.name = name;
      this.type = type;
      this.address = address;
      this.client = client;
      this.form = form;
      this.inner = inner;
      this.service = service;
    }

    void records(LookupResult.Records records) {
      rcode = Optional.of(records.rcode() == Rcode.NXDOMAIN ? "NXDOMAIN"
          : records.isNoData() ? "NODATA" : Rcode.string(records.rcode()));
      answer = text(records.answer());
      authority = text(records.authority());
      additional = text(records.additional());
    }

    void instances(String key, List<String> tags, AnswerPlan plan, int qtype) {
      ServicePolicy applied = discovery.policy(key);
      int limit = discovery.answerLimit(applied);
      ServedInstances served = discovery.serving(key);
      failingOpen = served.failingOpen();
      long ttl = plan != null ? plan.ttl() : applied.ttl().orElse(zoneTtl());
      policy = Optional.of(new AnswerExplanation.Policy(applied.strategy(), ttl, limit));
      note = plan != null ? STRATEGY_NOTES.getOrDefault(applied.strategy(), "") : "";
      Set<String> servedIds = new HashSet<>();
      served.instances().forEach(i -> servedIds.add(i.id()));
      Map<String, Integer> planned = new HashMap<>();
      for (int k = 0; plan != null && k < plan.size(); k++) {
        planned.put(plan.instance(k).id(), k);
      }
      int position = 0;
      Map<String, AnswerExplanation.Candidate> byId = new HashMap<>();
      List<Instance> all = discovery.find(key);
      for (Instance i : all) {
        Optional<String> missingTag = tags.stream().filter(t -> !i.hasTag(t)).findFirst();
        Integer k = planned.get(i.id());
        String reason;
        boolean answered = false;
        if (!servedIds.contains(i.id())) {
          reason = healthReason(i);
        } else if (missingTag.isPresent()) {
          reason = "no tag " + missingTag.get();
        } else if (plan == null) {
          reason = "served, but the answer to " + type + " is " + rcode.orElse("none");
        } else if (k == null) {
          reason = "cut by the answer limit (" + limit + ")";
        } else if (!plan.srv() && !plan.answersAddress(k)) {
          reason = plan.ip(k) == null ? "address " + i.address() + " is a host name: no address record"
              : "address " + i.address() + " gives no " + type + " record here (other family, or repeated)";
        } else {
          answered = true;
          reason = failingOpen ? "failing open (--dns-fail-open): " + healthReason(i) : i.status().wireName();
        }
        byId.put(i.id(), new AnswerExplanation.Candidate(i.id(), i.address(), i.port(), i.status().wireName(),
            answered, reason, 0, 0, checks(i)));
      }
      for (int k = 0; plan != null && k < plan.size(); k++) {
        AnswerExplanation.Candidate c = byId.get(plan.instance(k).id());
        if (c != null && c.answered()) {
          position++;
          byId.put(c.id(), new AnswerExplanation.Candidate(c.id(), c.address(), c.port(), c.status(), true,
              c.reason(), position, Tiers.priority(plan.instance(k), client), c.checks()));
          order.add(c.id());
        }
      }
      for (Instance i : all) {
        instances.add(byId.get(i.id()));
      }
    }

    private long zoneTtl() {
      return failingOpen ? 1 : ZoneExplainer.this.zoneTtl;
    }

    AnswerExplanation build() {
      String formName = form == inner ? inner.getClass().getSimpleName()
          : form.getClass().getSimpleName() + "/" + inner.getClass().getSimpleName();
      return new AnswerExplanation(name, type, address.getHostAddress(), client.zone(), formName, parts(inner),
          outcome, rcode, service, policy, failingOpen, instances, order, answer, authority, additional, note);
    }
  }

  private static List<String> text(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }
}
