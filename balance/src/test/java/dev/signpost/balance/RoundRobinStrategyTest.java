package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.instance;
import static dev.signpost.balance.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundRobinStrategyTest {

  private final Client client = client("192.0.2.1");

  @Test
  void eachQueryStartsOneInstanceLater() {
    RoundRobinStrategy rr = new RoundRobinStrategy();
    List<Node> three = instances(3);

    List<List<String>> orders = new ArrayList<>();
    for (int q = 0; q < 6; q++) {
      orders.add(ids(rr.order(three, client)));
    }

    assertThat(orders).containsExactly(
        List.of("i0", "i1", "i2"), List.of("i1", "i2", "i0"), List.of("i2", "i0", "i1"),
        List.of("i0", "i1", "i2"), List.of("i1", "i2", "i0"), List.of("i2", "i0", "i1"));
  }

  @Test
  void servicesRotateIndependently() {
    RoundRobinStrategy rr = new RoundRobinStrategy();
    List<Node> web = List.of(instance("web", "w0"), instance("web", "w1"));
    List<Node> api = List.of(instance("api", "a0"), instance("api", "a1"), instance("api", "a2"));

    assertThat(ids(rr.order(web, client))).containsExactly("w0", "w1");
    assertThat(ids(rr.order(api, client))).containsExactly("a0", "a1", "a2");
    assertThat(ids(rr.order(api, client))).containsExactly("a1", "a2", "a0");
    assertThat(ids(rr.order(web, client))).containsExactly("w1", "w0");
    assertThat(ids(rr.order(api, client))).containsExactly("a2", "a0", "a1");
  }

  @Test
  void rotationKeepsWorkingWhenTheCounterWraps() {
    RoundRobinStrategy rr = new RoundRobinStrategy(new Turns(Long.MAX_VALUE - 2));
    List<Node> three = instances(3);

    List<String> firsts = new ArrayList<>();
    for (int q = 0; q < 6; q++) {
      List<String> order = ids(rr.order(three, client));
      assertThat(order).containsExactlyInAnyOrder("i0", "i1", "i2");
      firsts.add(order.get(0));
    }

    // Turns MAX-2, MAX-1, MAX, MIN, MIN+1, MIN+2, taken modulo 3 with floorMod (never negative).
    assertThat(firsts).containsExactly("i2", "i0", "i1", "i1", "i2", "i0");
  }

  @Test
  void fewerThanTwoInstancesNeedNoTurn() {
    RoundRobinStrategy rr = new RoundRobinStrategy();

    assertThat(rr.order(List.of(), client)).isEmpty();
    assertThat(ids(rr.order(instances(1), client))).containsExactly("i0");
    assertThat(ids(rr.order(instances(2), client))).containsExactly("i0", "i1");
  }

  @Test
  void concurrentQueriesShareTheLoadExactly() throws Exception {
    RoundRobinStrategy rr = new RoundRobinStrategy();
    List<Node> four = instances(4);
    Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int q = 0; q < 1_000; q++) {
            String first = rr.order(four, client).get(0).id();
            firsts.computeIfAbsent(first, k -> new AtomicInteger()).incrementAndGet();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // Every query takes its own turn, so 4,000 queries start exactly 1,000 times at each instance.
    assertThat(firsts).hasSize(4);
    assertThat(firsts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1_000));
  }
}
