package dev.signpost.zones;

import dev.signpost.balance.Client;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** A real in-memory registry with a zone following it, and the helpers the zone's tests ask it with. */
final class ZoneFixture implements AutoCloseable {

  final ServiceDiscovery discovery;
  final ZoneView view;
  final RegistryZone zone;
  final RecordFactory records;
  final Client client;

  ZoneFixture() throws Exception {
    discovery = ServiceDiscovery.builder().healthFilter(HealthFilter.DEFAULT).build();
    records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.local"), 5,
        InetAddress.getByName("127.0.0.1")));
    view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    zone = new RegistryZone(records, view, discovery);
    client = new Client(InetAddress.getByName("127.0.0.1"));
  }

  @Override
  public void close() {
    discovery.close();
  }

  /** An instance with meta in the order given (key, value, key, value...). */
  static Instance instance(String id, String service, String address, int port, List<String> tags, String... meta) {
    Map<String, String> pairs = new java.util.LinkedHashMap<>();
    for (int i = 0; i < meta.length; i += 2) {
      pairs.put(meta[i], meta[i + 1]);
    }
    return new Instance(id, ServiceName.of(service), address, port, tags, pairs, Weights.DEFAULT, Locality.NONE,
        List.of(), InstanceHealth.NONE, 0, 0);
  }

  /** An instance with a TTL check: critical until {@link #report} says otherwise. */
  static Instance ttlChecked(Instance instance) {
    return instance.withChecks(List.of(CheckSpec.ttl(instance.id() + "-ttl", Duration.ofMinutes(10))));
  }

  void register(Instance instance) {
    discovery.register(instance).toCompletableFuture().join();
  }

  void deregister(String id) {
    discovery.deregister(id).toCompletableFuture().join();
  }

  void report(String id, HealthStatus status) {
    discovery.reportTtl(id + "-ttl", status, "").toCompletableFuture().join();
  }

  LookupResult lookup(String qname, int type) throws TextParseException {
    return zone.lookup(Name.fromString(qname), type, client);
  }

  LookupResult.Records ask(String qname, int type) throws TextParseException {
    return ask(Name.fromString(qname), type);
  }

  LookupResult.Records ask(Name qname, int type) {
    return (LookupResult.Records) zone.lookup(qname, type, client);
  }

  /** Records as zone-file lines, in answer order. */
  static List<String> lines(List<Record> records) {
    return records.stream().map(ZoneFixture::text).toList();
  }

  static List<String> sorted(List<Record> records) {
    return records.stream().map(ZoneFixture::text).sorted().toList();
  }

  /** A record as one zone-file line with single spaces. */
  static String text(Record r) {
    return r.toString().replaceAll("\\s+", " ");
  }
}
