import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.storage.JournalStore;
import dev.signpost.zones.RecordFactory;
import dev.signpost.zones.ZoneConfig;
import dev.signpost.zones.ZoneView;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where start-up goes on a data dir: the three steps the server takes before it answers (open the store,
 * replaying snapshot and journal; build the registry; build the zone), each with its wall time, the main
 * thread's CPU time and the GC time spent in it. CPU and GC times hold up on a busy machine; wall time
 * does not. Opens the data dir for real (it must not be in use); changes nothing in it.
 *
 * <pre>java -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 -cp dns-server/target/signpost.jar \
 *     bench/StartupPhases.java DIR</pre>
 */
public final class StartupPhases {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Phase total = new Phase("total");
    Phase open = new Phase("open store (snapshot + journal replay)");
    JournalStore store = JournalStore.open(dir);
    open.done();
    Phase registry = new Phase("registry (ServiceDiscovery.open)");
    ServiceDiscovery discovery = ServiceDiscovery.open(store);
    registry.done();
    Phase zone = new Phase("zone (ZoneView.onReset)");
    RecordFactory records = new RecordFactory(new ZoneConfig(ZoneConfig.parseDomain("service.local"), 5,
        InetAddress.getLoopbackAddress()));
    ZoneView view = new ZoneView(records, discovery::serving);
    discovery.addListener(view);
    zone.done();
    total.done();
    System.out.printf("%,d instances, %,d services in the zone%n", discovery.metrics().instances(),
        view.current().serviceCount());
    discovery.close();
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static final class Phase {
    private final String name;
    private final long wall = System.nanoTime();
    private final long cpu = THREADS.getCurrentThreadCpuTime();
    private final long gc = gcMillis();

    Phase(String name) {
      this.name = name;
    }

    void done() {
      System.out.printf("%-40s %6.2f s wall  %6.2f s main-thread CPU  %6.2f s GC%n", name,
          (System.nanoTime() - wall) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9,
          (gcMillis() - gc) / 1e3);
    }
  }
}
