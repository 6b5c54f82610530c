package dev.signpost.balance;

import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.Weights;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Order: one service's served instances ordered for one client, by each load-balancing strategy alone
 * ({@code order}) and as every answer gets them ({@code arrange}: the strategy, the SRV tiers, the answer
 * limit, through {@link ServiceDiscovery#arrange}). The instances spread over three zones with different
 * weights, reported connections and probe latencies, and the client is in one of the zones, so that every
 * strategy and the tiers do their full work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OrderBenchmark {

  @Param({"round-robin", "random", "weighted", "least-connections", "ip-hash", "zone-aware", "latency"})
  public String strategy;

  /** Instances of the service; the registry benchmarks use 3. */
  @Param({"3"})
  public int instances;

  /** The client's zone ({@code --client-zone}); empty for a client in no zone, as without that option. */
  @Param({"b"})
  public String clientZone;

  private ServiceDiscovery discovery;
  private LoadBalancingStrategy alone;
  private ServicePolicy policy;
  private List<Instance> served;
  private Client client;

  @Setup
  public void setUp() throws UnknownHostException {
    discovery = ServiceDiscovery.builder().build();
    InstanceStats stats = discovery.stats();
    alone = new StrategyCatalog(stats, ThreadLocalRandom::current).get(strategy);
    policy = ServicePolicy.defaults(strategy, 0);
    served = service(instances, stats);
    client = new Client(InetAddress.getByName("192.0.2.10"), Optional.of(clientZone));
  }

  @TearDown
  public void tearDown() {
    discovery.close();
  }

  @Benchmark
  public List<Instance> order() {
    return alone.order(served, client);
  }

  @Benchmark
  public List<Instance> arrange() {
    return discovery.arrange(policy, served, client);
  }

  /** The SRV tiers alone, over instances already ordered: what {@code arrange} adds to each strategy. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class TiersOnly {

    @Param({"3"})
    public int instances;

    @Param({"b"})
    public String clientZone;

    private List<Instance> served;
    private Client client;

    @Setup
    public void setUp() throws UnknownHostException {
      served = service(instances, new InstanceStats(System::nanoTime));
      client = new Client(InetAddress.getByName("192.0.2.10"), Optional.of(clientZone));
    }

    @Benchmark
    public List<Instance> tiers() {
      return Tiers.arrange(served, client);
    }
  }

  /** {@code n} passing instances of one service in zones a, b, c, with weights, load and latency reported. */
  static List<Instance> service(int n, InstanceStats stats) {
    String[] zones = {"a", "b", "c"};
    List<Instance> list = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      String id = "svc-0-" + k;
      list.add(new Instance(id, ServiceName.of("svc-0"), "10.0." + (k >> 8) + "." + (k & 0xFF), 8080, List.of(),
          Map.of(), new Weights(1 + k % 3, 1), new Locality("eu", zones[k % 3]), List.of(), InstanceHealth.NONE,
          k + 1, k + 1));
      stats.reportConnections(id, 10 + 7L * k % 13);
      stats.recordProbe(id, Duration.ofMillis(1 + 5L * k % 11), false);
    }
    return List.copyOf(list);
  }
}
