import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.storage.JournalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fills a data dir with SERVICES x INSTANCES instances through core's real write path
 * ({@code ServiceDiscovery.register} over a {@code JournalStore}), so the files are exactly what the server
 * writes (journal records, and the snapshots compaction makes), without going through HTTP.
 *
 * <p>Instance {@code svc-S-I} of service {@code svc-S} has address 10.x.y.z = n (n = S * INSTANCES + I + 1,
 * distinct up to 16M instances) and port 1024 + n mod 64000. The data dir must not exist yet or be empty.
 *
 * <pre>java -cp dns-server/target/signpost.jar bench/SeedStore.java DIR SERVICES INSTANCES</pre>
 */
public final class SeedStore {

  /** Registrations in flight before waiting for them to be durable: bounds the journal's queue. */
  private static final int WINDOW = 50_000;

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SeedStore DIR SERVICES INSTANCES_PER_SERVICE");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int services = Integer.parseInt(args[1]);
    int perService = Integer.parseInt(args[2]);
    long total = (long) services * perService;
    if (total >= (1 << 24) - 1) {
      throw new IllegalArgumentException("at most 16,777,214 instances fit in 10.0.0.0/8");
    }
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.anyMatch(p -> !p.getFileName().toString().equals("LOCK"))) {
          throw new IllegalArgumentException("data dir " + dir + " is not empty");
        }
      }
    }
    long start = System.nanoTime();
    CompletionStage<Instance> last = CompletableFuture.completedFuture(null);
    try (ServiceDiscovery discovery = ServiceDiscovery.open(JournalStore.open(dir))) {
      long n = 0;
      for (int s = 0; s < services; s++) {
        String service = "svc-" + s;
        for (int i = 0; i < perService; i++) {
          n++;
          String address = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
          int port = (int) (1024 + n % 64000);
          last = discovery.register(Instance.of(service + "-" + i, service, address, port, List.of()));
          if (n % WINDOW == 0) {
            // Stages complete in order (group commit), so the last one durable means all are.
            last.toCompletableFuture().join();
            System.err.printf("%,d instances, %.1f s%n", n, (System.nanoTime() - start) / 1e9);
          }
        }
      }
      last.toCompletableFuture().join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("seeded %,d instances (%,d services x %d) in %.1f s (%,.0f/s) into %s%n", total, services,
        perService, seconds, total / seconds, dir);
  }
}
