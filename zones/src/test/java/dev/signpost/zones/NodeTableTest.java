package dev.signpost.zones;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {

  private static InetAddress ip(String address) throws Exception {
    return InetAddress.getByName(address);
  }

  @Test
  void namesAreLookedUpInLowerCaseAndEmptyOnesLeftOut() throws Exception {
    NodeTable table = new NodeTable();
    table.source().replace(Map.of("Node-A", List.of(ip("10.0.0.1"), ip("10.0.0.1"), ip("::1")), "empty", List.of()));
    assertThat(table.addresses("node-a")).contains(List.of(ip("10.0.0.1"), ip("::1")));
    assertThat(table.addresses("Node-A")).isEmpty();
    assertThat(table.addresses("empty")).isEmpty();
  }

  @Test
  void aNameTwoSourcesListTakesTheFirstSourcesAddresses() throws Exception {
    NodeTable table = new NodeTable();
    NodeTable.Source first = table.source();
    NodeTable.Source second = table.source();
    second.replace(Map.of("n1", List.of(ip("10.0.0.2")), "n2", List.of(ip("10.0.0.3"))));
    assertThat(table.addresses("n1")).contains(List.of(ip("10.0.0.2")));
    first.replace(Map.of("N1", List.of(ip("10.0.0.1"))));
    assertThat(table.addresses("n1")).contains(List.of(ip("10.0.0.1")));
    assertThat(table.addresses("n2")).contains(List.of(ip("10.0.0.3")));
    first.replace(Map.of());
    assertThat(table.addresses("n1")).contains(List.of(ip("10.0.0.2")));
  }

  @Test
  void twoSpellingsOfOneNameInOneSourceShareTheirAddresses() throws Exception {
    NodeTable table = new NodeTable();
    table.source().replace(Map.of("n", List.of(ip("10.0.0.1")), "N", List.of(ip("10.0.0.2"))));
    assertThat(table.addresses("n").orElseThrow()).containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"));
  }
}
