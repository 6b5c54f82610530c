package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import dev.signpost.zones.NodeTable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeDirectoryTest {

  private static InetAddress ip(String address) throws Exception {
    return InetAddress.getByName(address);
  }

  @ParameterizedTest(name = "--dns-addr {0}, --http-addr {1}: {2}")
  @CsvSource({
      "10.0.0.5, 10.0.0.6, 10.0.0.5",
      "0.0.0.0, 10.0.0.6, 10.0.0.6",
      ":: , 2001:db8::6, 2001:db8::6",
      "0.0.0.0, ::, 192.0.2.7",
      "::1, 0.0.0.0, ::1"})
  void thisNodesAddressIsTheFirstOfDnsHttpAndInterfacesThatIsNoWildcard(String dns, String http, String expected)
      throws Exception {
    InetAddress interfaceAddress = ip("192.0.2.7");
    assertThat(NodeDirectory.selfAddress(ip(dns), ip(http), () -> Optional.of(interfaceAddress)))
        .isEqualTo(ip(expected));
  }

  @Test
  void withoutAnInterfaceAddressAWildcardNodeIsLoopback() throws Exception {
    assertThat(NodeDirectory.selfAddress(ip("0.0.0.0"), ip("::"), Optional::empty))
        .isEqualTo(InetAddress.getLoopbackAddress());
  }

  @Test
  void anInterfaceAddressIsNeverLoopbackOrAWildcard() {
    NodeDirectory.firstInterfaceAddress().ifPresent(a -> assertThat(a.isLoopbackAddress() || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()).as(a.toString()).isFalse());
  }

  @Test
  void liveMembersOfOurDatacenterWithAnIpAreListed() throws Exception {
    List<Member> members = List.of(new Member("a", "10.0.0.1", 8500, "DC1", true),
        new Member("b", "10.0.0.2", 8500, "dc1", false), new Member("c", "10.0.0.3", 8500, "dc2", true),
        new Member("d", "host.example", 8500, "dc1", true), new Member("e", "2001:db8::5", 8500, "dc1", true));
    assertThat(NodeDirectory.liveMembers(members, "dc1")).containsOnlyKeys("a", "e")
        .containsEntry("a", List.of(ip("10.0.0.1"))).containsEntry("e", List.of(ip("2001:db8::5")));
  }

  /** A membership whose members the test sets, telling its listeners as etcd's would. */
  private static final class FakeMembership implements Membership {

    private final List<Runnable> listeners = new ArrayList<>();
    private volatile List<Member> members;

    FakeMembership(List<Member> members) {
      this.members = members;
    }

    void set(List<Member> now) {
      members = now;
      listeners.forEach(Runnable::run);
    }

    @Override
    public Member self() {
      return members.get(0);
    }

    @Override
    public List<Member> members() {
      return members;
    }

    @Override
    public void addListener(Runnable listener) {
      listeners.add(listener);
    }
  }

  @Test
  void theTableFollowsTheClusterAndAMemberWinsOverThisNodesOwnAddress() throws Exception {
    FakeMembership cluster = new FakeMembership(List.of(new Member("node1", "10.0.0.1", 8500, "dc1", true)));
    NodeTable table = NodeDirectory.table("Node1", "dc1", ip("127.0.0.1"), Optional.of(cluster));
    assertThat(table.addresses("node1")).contains(List.of(ip("10.0.0.1")));
    cluster.set(List.of(new Member("node1", "10.0.0.1", 8500, "dc1", true),
        new Member("node2", "10.0.0.2", 8500, "dc1", true)));
    assertThat(table.addresses("node2")).contains(List.of(ip("10.0.0.2")));
    cluster.set(List.of(new Member("node2", "10.0.0.2", 8500, "dc1", false)));
    assertThat(table.addresses("node2")).isEmpty();
    assertThat(table.addresses("node1")).as("this node, once the cluster no longer lists it")
        .contains(List.of(ip("127.0.0.1")));
  }

  @Test
  void aNodeAloneIsItself() throws Exception {
    NodeTable table = NodeDirectory.table("Solo", "dc1", ip("10.1.1.1"), Optional.empty());
    assertThat(table.addresses("solo")).contains(List.of(ip("10.1.1.1")));
    assertThat(table.addresses("other")).isEmpty();
  }
}
