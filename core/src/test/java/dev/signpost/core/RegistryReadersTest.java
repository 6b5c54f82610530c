package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Readers take no lock: what they see while an instance changes must be its old value or its new one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryReadersTest {

  @Test
  void anInstanceChangingIsNeverSeenMissing() throws Exception {
    try (ServiceDiscovery d = ServiceDiscovery.inMemory()) {
      d.register(web(0)).toCompletableFuture().join();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      AtomicLong missing = new AtomicLong();
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          reads.incrementAndGet();
          if (d.find("web").isEmpty() || d.instance("web-1").isEmpty()
              || d.instanceByCheck("web-1-ttl").isEmpty()) {
            missing.incrementAndGet();
          }
        }
      });
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      for (int k = 0; k < 20_000 && System.nanoTime() < deadline; k++) {
        d.register(web(k)).toCompletableFuture().join();
      }
      stop.set(true);
      reader.join();

      assertThat(reads.get()).isPositive();
      assertThat(missing.get()).isZero();
      assertThat(d.metrics().instancesByStatus().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(1);
    }
  }

  private static Instance web(int version) {
    return Instance.of("web-1", "web", "10.0.0.1", 80, List.of("v" + version % 3))
        .withChecks(List.of(CheckSpec.ttl("web-1-ttl", Duration.ofMinutes(5))));
  }
}
