package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpHashStrategyTest {

  private final IpHashStrategy hash = new IpHashStrategy();

  private static List<Client> clients(int n) {
    List<Client> clients = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      clients.add(client("10.1." + (k / 250) + "." + (k % 250 + 1)));
    }
    return clients;
  }

  @Test
  void aClientGetsTheSameOrderEveryTime() {
    List<Node> five = instances(5);
    Client client = client("198.51.100.23");
    List<String> first = ids(hash.order(five, client));

    for (int q = 0; q < 20; q++) {
      assertThat(ids(hash.order(five, client))).isEqualTo(first);
    }
    // The order does not depend on the order the registry lists instances in.
    assertThat(ids(hash.order(List.of(five.get(4), five.get(2), five.get(0), five.get(3), five.get(1)),
        client))).isEqualTo(first);
  }

  @Test
  void differentClientsSpreadOverTheInstances() {
    List<Node> four = instances(4);
    Map<String, Integer> first = new HashMap<>();
    for (Client c : clients(1_000)) {
      first.merge(hash.order(four, c).get(0).id(), 1, Integer::sum);
    }

    assertThat(first).hasSize(4);
    assertThat(first.values()).allSatisfy(n -> assertThat(n).isBetween(150, 350));
  }

  @Test
  void ipv6ClientsSpreadToo() {
    List<Node> four = instances(4);
    Map<String, Integer> first = new HashMap<>();
    for (int k = 0; k < 1_000; k++) {
      first.merge(hash.order(four, client("2001:db8::" + Integer.toHexString(k + 1))).get(0).id(), 1,
          Integer::sum);
    }

    assertThat(first.values()).hasSize(4).allSatisfy(n -> assertThat(n).isBetween(150, 350));
  }

  @Test
  void removingAnInstanceMovesOnlyTheClientsThatHadItFirst() {
    List<Node> four = instances(4);
    List<Node> withoutI2 = List.of(four.get(0), four.get(1), four.get(3));
    int moved = 0;

    for (Client c : clients(1_000)) {
      List<String> before = ids(hash.order(four, c));
      List<String> after = ids(hash.order(withoutI2, c));
      if (before.get(0).equals("i2")) {
        moved++;
      } else {
        assertThat(after.get(0)).isEqualTo(before.get(0));
      }
      // Stronger: the rest of the order is untouched too.
      assertThat(after).isEqualTo(before.stream().filter(id -> !id.equals("i2")).toList());
    }

    assertThat(moved).isBetween(150, 350);
  }

  @Test
  void flippingOneAddressBitFlipsAboutHalfTheHashBits() {
    long differing = 0;
    int pairs = 0;
    for (int k = 0; k < 256; k++) {
      byte[] address = {10, 1, (byte) k, 7};
      long h = IpHashStrategy.hash(1, address);
      for (int bit = 0; bit < 32; bit++) {
        byte[] flipped = address.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        differing += Long.bitCount(h ^ IpHashStrategy.hash(1, flipped));
        pairs++;
      }
    }

    assertThat(differing / (double) pairs).isBetween(31.0, 33.0);
  }
}
