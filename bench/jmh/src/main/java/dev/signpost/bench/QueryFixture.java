package dev.signpost.bench;

import dev.signpost.balance.Client;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.RegistryZone;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneView;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A registry of {@code services} × {@value #INSTANCES} passing instances ({@code svc-N-k} of service
 * {@code svc-N}, at {@code 10.x.y.k}), with the zone following it, wired as the launcher wires them; and the
 * queries the benchmarks ask it, as wire bytes. Nothing here touches a socket or a file.
 */
public final class QueryFixture implements AutoCloseable {

  public static final String DOMAIN = "service.local";
  public static final int INSTANCES = 3;
  /** Where the benchmarks' queries come from: loopback, as dnsperf's do in bench/compare-knot.sh. */
  public static final InetSocketAddress SOURCE = new InetSocketAddress(loopback(), 5353);

  public final int services;
  public final ServiceDiscovery discovery;
  public final RecordFactory records;
  public final ZoneView view;
  public final RegistryZone zone;
  public final Client client = new Client(SOURCE.getAddress());

  private QueryFixture(int services) {
    this.services = services;
    discovery = ServiceDiscovery.builder().healthFilter(HealthFilter.DEFAULT).build();
    records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain(DOMAIN), 5, SOURCE.getAddress()));
    view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    zone = new RegistryZone(records, view, discovery);
  }

  /** Registers every instance through the registry, as the HTTP API would, so the zone is built by its events. */
  public static QueryFixture start(int services) {
    QueryFixture f = new QueryFixture(services);
    for (int n = 0; n < services; n++) {
      for (int k = 0; k < INSTANCES; k++) {
        String address = "10." + (n >> 8 & 0xFF) + "." + (n & 0xFF) + "." + (k + 1);
        f.discovery.register(Instance.of(service(n) + "-" + k, service(n), address, 8080 + k, List.of()))
            .toCompletableFuture().join();
      }
    }
    return f;
  }

  public static String service(int n) {
    return "svc-" + n;
  }

  /** {@code svc-N.service.local.} */
  public static Name qname(int n) {
    try {
      return Name.fromString(service(n) + "." + DOMAIN + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A query as dig or dnsperf sends it: one question, RD set, no EDNS unless asked for. */
  public static byte[] query(int n, int qtype, boolean edns) {
    Message query = Message.newQuery(Record.newRecord(qname(n), qtype, DClass.IN));
    if (edns) {
      query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    }
    return query.toWire();
  }

  /**
   * The service numbers 0 … services-1 in a fixed random order: benchmarks walk it so each operation asks
   * another service, as a real query mix does, instead of one hot entry.
   */
  public static int[] shuffled(int services) {
    int[] order = new int[services];
    for (int i = 0; i < services; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    for (int i = services - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  @Override
  public void close() {
    discovery.close();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
