package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.admin.AnswerExplanation;
import dev.signpost.balance.Client;
import dev.signpost.balance.Endpoint;
import dev.signpost.balance.LoadBalancingStrategy;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.core.testing.ManualTime;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneView;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** What an explanation says about each instance, and that its records are the ones a query gets. */
class ZoneExplainerTest {

  /** Keeps the registry's id order, so which instances an answer limit cuts is known. */
  private static final LoadBalancingStrategy IDENTITY = new LoadBalancingStrategy() {
    @Override
    public String name() {
      return "identity";
    }

    @Override
    public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
      return healthy;
    }
  };

  private static final InetAddress CLIENT = ip("10.1.2.3");

  private final ManualTime time = new ManualTime();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().time(time)
      .healthScheduler(new ManualScheduler(time)).probe(check -> new CompletableFuture<>())
      .strategy(IDENTITY).healthFilter(new HealthFilter(false, true)).build();
  private RegistryZone zone;
  private ZoneExplainer explainer;

  @BeforeEach
  void registerServices() throws Exception {
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.local"), 30,
        InetAddress.getByName("127.0.0.1")));
    ZoneView view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    zone = new RegistryZone(records, view, discovery);
    explainer = new ZoneExplainer(zone, records, discovery, ClientZones.parse(List.of("10.1.0.0/16=east")),
        Optional.empty(), Optional.empty());
    register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of("v1")));
    register(Instance.of("web-2", "web", "10.0.0.2", 80, List.of("v1")));
    register(Instance.of("web-3", "web", "10.0.0.3", 80, List.of("v2")));
    register(Instance.of("web-4", "web", "10.0.0.4", 80, List.of("v1"))
        .withChecks(List.of(CheckSpec.ttl("web-4-ttl", Duration.ofMinutes(5)))));
    discovery.reportTtl("web-4-ttl", HealthStatus.CRITICAL, "HTTP 503").toCompletableFuture().join();
    register(Instance.of("web-5", "web", "10.0.0.5", 80, List.of("v1")));
    discovery.maintenance("web-5", true, "deploying").toCompletableFuture().join();
    register(Instance.of("web-6", "web", "10.0.0.6", 80, List.of("v1")));
    discovery.setPolicy("web", new ServicePolicy("identity", OptionalLong.of(15), 2)).toCompletableFuture().join();
    register(Instance.of("db-1", "db", "10.0.1.1", 5432, List.of())
        .withChecks(List.of(CheckSpec.ttl("db-1-ttl", Duration.ofMinutes(5)))));
    discovery.reportTtl("db-1-ttl", HealthStatus.PASSING, "ok").toCompletableFuture().join();
    discovery.reportTtl("db-1-ttl", HealthStatus.CRITICAL, "connection refused").toCompletableFuture().join();
  }

  private void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  static Stream<Arguments> reasons() {
    return Stream.of(
        Arguments.of("v1.web.service.local", "web-1", true, "passing"),
        Arguments.of("v1.web.service.local", "web-2", true, "passing"),
        Arguments.of("v1.web.service.local", "web-3", false, "no tag v1"),
        Arguments.of("v1.web.service.local", "web-4", false,
            "check 'web-4-ttl' critical since 2026-01-01T00:00:00Z: HTTP 503"),
        Arguments.of("v1.web.service.local", "web-5", false, "maintenance: deploying"),
        Arguments.of("v1.web.service.local", "web-6", false, "cut by the answer limit (2)"),
        Arguments.of("db.service.local", "db-1", true,
            "failing open (--dns-fail-open): check 'db-1-ttl' critical since 2026-01-01T00:00:00Z: connection refused"));
  }

  @ParameterizedTest(name = "{0}: {1} answered {2}: {3}")
  @MethodSource("reasons")
  void eachInstanceSaysWhetherAndWhyItIsAnswered(String name, String id, boolean answered, String reason) {
    AnswerExplanation e = explainer.explain(name, "A", CLIENT);

    assertThat(e.instances()).filteredOn(c -> c.id().equals(id)).singleElement().satisfies(c -> {
      assertThat(c.answered()).isEqualTo(answered);
      assertThat(c.reason()).isEqualTo(reason);
    });
  }

  @Test
  void theServiceFormItsPolicyAndOrderAreShown() {
    AnswerExplanation e = explainer.explain("v1.web.service.local", "SRV", CLIENT);

    assertThat(e.form()).isEqualTo("Service");
    assertThat(e.parts()).containsEntry("Service", "web").containsEntry("Tags", "v1");
    assertThat(e.service()).hasValue("web");
    assertThat(e.clientZone()).hasValue("east");
    assertThat(e.policy()).hasValue(new AnswerExplanation.Policy("identity", 15, 2));
    assertThat(e.order()).containsExactly("web-1", "web-2");
    assertThat(e.instances()).extracting(AnswerExplanation.Candidate::position).containsExactly(1, 2, 0, 0, 0, 0);
    assertThat(e.rcode()).hasValue("NOERROR");
    assertThat(e.failingOpen()).isFalse();
  }

  @Test
  void failingOpenIsShownWithItsOneSecondTtl() {
    AnswerExplanation e = explainer.explain("db.service.local", "A", CLIENT);

    assertThat(e.failingOpen()).isTrue();
    assertThat(e.policy()).get().extracting(AnswerExplanation.Policy::ttl).isEqualTo(1L);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("questions")
  void theRecordsAreThoseAQueryFromTheClientGets(String name, int type) throws Exception {
    AnswerExplanation e = explainer.explain(name, Type.string(type), CLIENT);
    LookupResult.Records query = (LookupResult.Records) zone.lookup(Name.fromString(name, Name.root), type,
        new Client(CLIENT, Optional.of("east")));

    assertThat(e.answer()).isEqualTo(text(query.answer()));
    assertThat(e.authority()).isEqualTo(text(query.authority()));
    assertThat(e.additional()).isEqualTo(text(query.additional()));
  }

  static Stream<Arguments> questions() {
    return Stream.of(Arguments.of("v1.web.service.local", Type.A), Arguments.of("web.service.local", Type.SRV),
        Arguments.of("_web._tcp.service.local", Type.SRV), Arguments.of("db.service.local", Type.A),
        Arguments.of("web.service.local", Type.TXT), Arguments.of("nope.service.local", Type.A));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("negatives")
  void namesWithoutAnAnswerSayWhatTheyGet(String name, String type, String rcode) {
    AnswerExplanation e = explainer.explain(name, type, CLIENT);

    assertThat(e.rcode()).hasValue(rcode);
    assertThat(e.answer()).isEmpty();
  }

  static Stream<Arguments> negatives() {
    return Stream.of(Arguments.of("nope.service.local", "A", "NXDOMAIN"),
        Arguments.of("v9.web.service.local", "A", "NXDOMAIN"),
        Arguments.of("web.service.local", "TXT", "NODATA"),
        Arguments.of("web.service.local", "AAAA", "NODATA"));
  }

  @Test
  void aNameOutsideOurZonesIsRefusedWithoutUpstreamsAndForwardedWithThem() throws Exception {
    assertThat(explainer.explain("example.org", "A", CLIENT).outcome()).isEqualTo(
        "not authoritative: refused (no --upstream)");
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.local"), 30,
        InetAddress.getByName("127.0.0.1")));
    ZoneExplainer forwarding = new ZoneExplainer(zone, records, discovery, ClientZones.NONE, Optional.empty(),
        Optional.of(CLIENT::equals));

    AnswerExplanation e = forwarding.explain("example.org", "A", CLIENT);
    assertThat(e.outcome()).isEqualTo("not authoritative: forwarded");
    assertThat(e.rcode()).isEmpty();
    assertThat(e.service()).isEmpty();
    assertThat(forwarding.explain("example.org", "A", ip("192.0.2.1")).outcome())
        .isEqualTo("not authoritative: refused (client not in --recursion-allow)");
  }

  @Test
  void aRoundRobinExplanationShowsTheNextQuerysTurnWithoutTakingIt() throws Exception {
    discovery.setPolicy("web", new ServicePolicy("round-robin", OptionalLong.empty(), 0)).toCompletableFuture()
        .join();
    Client query = new Client(CLIENT, Optional.of("east"));
    Name web = Name.fromString("web.service.local.");

    AnswerExplanation first = explainer.explain("web.service.local", "A", CLIENT);
    assertThat(explainer.explain("web.service.local", "A", CLIENT).answer()).isEqualTo(first.answer());
    assertThat(text(((LookupResult.Records) zone.lookup(web, Type.A, query)).answer())).isEqualTo(first.answer());
    assertThat(explainer.explain("web.service.local", "A", CLIENT).answer()).as("the query took that turn")
        .isNotEqualTo(first.answer());
    assertThat(first.note()).startsWith("round-robin: the order the next query gets");
    assertThat(explainer.explain("nope.service.local", "A", CLIENT).note()).isEmpty();
  }

  @Test
  void aNameThatIsNoDnsNameIsRefusedWithTheReason() {
    assertThatThrownBy(() -> explainer.explain("a..b", "A", CLIENT)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> text(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
