package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nodes as the API shows them: {@code /v1/agent/members}, {@code /v1/catalog/nodes}, {@code /v1/status}
 * and the cluster part of {@code /v1/agent/self}, for a node of a three-node cluster whose first node by
 * name has failed, and for a node alone.
 */
class ClusterNodesApiTest {

  private static final String FILTERED = "X-Consul-Results-Filtered-By-ACLs";

  private static final Member ALPHA = new Member("alpha", "10.0.0.1", 8500, "dc1", false);
  private static final Member BRAVO = new Member("bravo", "10.0.0.2", 8501, "dc1", true);
  /** This node; its address written long, as a configuration might. */
  private static final Member CHARLIE = new Member("charlie", "fd00:0:0:0:0:0:0:3", 8500, "dc1", true);

  private static FakeMembership cluster(String self) {
    return new FakeMembership(self, List.of(CHARLIE, ALPHA, BRAVO));
  }

  private static ApiFixture node(Membership membership) {
    return new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.DISABLED, membership);
  }

  @Test
  void membersListsEveryNodeByNameWithSerfStatusOneForAliveAndFourForFailed() {
    try (ApiFixture api = node(cluster("charlie"))) {
      JsonNode members = api.getJson("/v1/agent/members");

      assertThat(members).hasSize(3);
      assertThat(fieldNames(members.get(0))).containsExactly("Name", "Addr", "Port", "Tags", "Status",
          "ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur");
      assertThat(texts(members, "Name")).containsExactly("alpha", "bravo", "charlie");
      assertThat(texts(members, "Status")).containsExactly("4", "1", "1");
      assertThat(texts(members, "Addr")).containsExactly("10.0.0.1", "10.0.0.2", "fd00::3");
      assertThat(texts(members, "Port")).containsExactly("8500", "8501", "8500");
      JsonNode bravo = members.get(1);
      assertThat(bravo.at("/Tags/dc").asText()).isEqualTo("dc1");
      assertThat(bravo.at("/Tags/role").asText()).isEqualTo("consul");
      assertThat(bravo.at("/Tags/id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      // Only this node's version is known.
      assertThat(bravo.at("/Tags").has("build")).isFalse();
      assertThat(members.get(2).at("/Tags/build").asText()).isNotEmpty();
    }
  }

  @Test
  void agentSelfsMemberIsThisNodesEntryInMembersAndItsStatsCountTheCluster() {
    try (ApiFixture api = node(cluster("charlie"))) {
      JsonNode self = api.getJson("/v1/agent/self");

      assertThat(self.get("Member")).isEqualTo(api.getJson("/v1/agent/members").get(2));
      JsonNode stats = self.at("/Stats/signpost_cluster");
      assertThat(fieldNames(stats)).containsExactly("node", "datacenter", "members", "members_alive",
          "members_failed");
      assertThat(stats.get("node").asText()).isEqualTo("charlie");
      assertThat(stats.get("datacenter").asText()).isEqualTo("dc1");
      assertThat(stats.get("members").asText()).isEqualTo("3");
      assertThat(stats.get("members_alive").asText()).isEqualTo("2");
      assertThat(stats.get("members_failed").asText()).isEqualTo("1");
      assertThat(self.at("/Stats/signpost/store").asText()).isEqualTo("healthy");
    }
  }

  @Test
  void catalogNodesListsOnlyTheLiveNodesInConsulsShape() {
    try (ApiFixture api = node(cluster("charlie"))) {
      HttpResponse<String> response = api.get("/v1/catalog/nodes?dc=dc1");
      JsonNode nodes = api.json(response);

      assertThat(texts(nodes, "Node")).containsExactly("bravo", "charlie");
      assertThat(fieldNames(nodes.get(0))).containsExactly("ID", "Node", "Address", "Datacenter",
          "TaggedAddresses", "Meta", "CreateIndex", "ModifyIndex");
      JsonNode charlie = nodes.get(1);
      assertThat(charlie.get("Address").asText()).isEqualTo("fd00::3");
      assertThat(charlie.get("Datacenter").asText()).isEqualTo("dc1");
      assertThat(charlie.at("/TaggedAddresses/lan").asText()).isEqualTo("fd00::3");
      assertThat(charlie.at("/TaggedAddresses/lan_ipv6").asText()).isEqualTo("fd00::3");
      assertThat(nodes.get(0).at("/TaggedAddresses/wan_ipv4").asText()).isEqualTo("10.0.0.2");
      assertThat(charlie.at("/Meta/consul-network-segment").asText()).isEmpty();
      assertThat(charlie.get("ID").asText()).isEqualTo(api.getJson("/v1/agent/self").at("/Config/NodeID").asText());
      assertThat(response.headers().firstValue("X-Consul-Index")).isPresent();
    }
  }

  @Test
  void aNodesIdIsTheSameOnEveryNode() {
    try (ApiFixture charlie = node(cluster("charlie")); ApiFixture bravo = node(cluster("bravo"))) {
      String bravosOwn = bravo.getJson("/v1/agent/self").at("/Config/NodeID").asText();

      assertThat(charlie.getJson("/v1/catalog/nodes").get(0).get("ID").asText()).isEqualTo(bravosOwn);
      assertThat(charlie.getJson("/v1/agent/members").get(1).at("/Tags/id").asText()).isEqualTo(bravosOwn);
      assertThat(charlie.getJson("/v1/catalog/nodes")).isEqualTo(bravo.getJson("/v1/catalog/nodes"));
    }
  }

  @Test
  void peersAreTheLiveNodesSortedAndEveryNodeNamesTheFirstLiveOneByNameAsLeader() {
    try (ApiFixture charlie = node(cluster("charlie")); ApiFixture bravo = node(cluster("bravo"))) {
      JsonNode peers = charlie.getJson("/v1/status/peers");

      assertThat(texts(peers)).containsExactly("10.0.0.2:8501", "[fd00::3]:8500");
      assertThat(charlie.get("/v1/status/leader").body()).isEqualTo("\"10.0.0.2:8501\"");
      assertThat(bravo.get("/v1/status/leader").body()).isEqualTo("\"10.0.0.2:8501\"");
      assertThat(bravo.getJson("/v1/status/peers")).isEqualTo(peers);
    }
  }

  @Test
  void aNodeThatFailsLeavesTheCatalogAndThePeersOnTheNextRequest() {
    FakeMembership membership = cluster("charlie");
    try (ApiFixture api = node(membership)) {
      membership.set(List.of(ALPHA, BRAVO.failed(), CHARLIE));

      assertThat(texts(api.getJson("/v1/catalog/nodes"), "Node")).containsExactly("charlie");
      assertThat(texts(api.getJson("/v1/status/peers"))).containsExactly("[fd00::3]:8500");
      assertThat(api.get("/v1/status/leader").body()).isEqualTo("\"[fd00::3]:8500\"");
      assertThat(texts(api.getJson("/v1/agent/members"), "Status")).containsExactly("4", "4", "1");
      assertThat(api.getJson("/v1/agent/self").at("/Stats/signpost_cluster/members_failed").asText())
          .isEqualTo("2");
    }
  }

  @Test
  void aNodeAloneIsItsOnlyMemberAndNodeAtTheAddressTheClientReached() {
    try (ApiFixture api = new ApiFixture()) {
      int port = api.server.address().getPort();

      JsonNode members = api.getJson("/v1/agent/members");
      JsonNode nodes = api.getJson("/v1/catalog/nodes");
      JsonNode self = api.getJson("/v1/agent/self");

      assertThat(members).hasSize(1);
      assertThat(members.get(0)).isEqualTo(self.get("Member"));
      assertThat(members.get(0).get("Name").asText()).isEqualTo(ApiFixture.NODE);
      assertThat(members.get(0).get("Addr").asText()).isEqualTo("127.0.0.1");
      assertThat(members.get(0).get("Port").asInt()).isEqualTo(port);
      assertThat(members.get(0).get("Status").asInt()).isEqualTo(1);
      assertThat(nodes).hasSize(1);
      assertThat(nodes.get(0).get("Node").asText()).isEqualTo(ApiFixture.NODE);
      assertThat(nodes.get(0).get("Address").asText()).isEqualTo("127.0.0.1");
      assertThat(nodes.get(0).get("ID").asText()).isEqualTo(self.at("/Config/NodeID").asText());
      assertThat(self.at("/Stats/signpost_cluster/members").asText()).isEqualTo("1");
      assertThat(self.at("/Stats/signpost_cluster/members_failed").asText()).isEqualTo("0");
      assertThat(api.get("/v1/status/leader").body()).isEqualTo("\"127.0.0.1:" + port + "\"");
    }
  }

  @Test
  void aMembershipOfAnotherNodeIsRefusedAtStart() {
    try (ServiceDiscovery discovery = ApiFixture.silentProbes().build()) {
      AdminConfig config = new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "delta", 1 << 20);

      assertThatThrownBy(() -> AdminServer.start(discovery, config, ServerOperations.NONE, AclConfig.DISABLED,
          cluster("charlie")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the membership's own node is 'charlie' in 'dc1', but the HTTP API's is 'delta' in 'dc1'");
    }
  }

  @Test
  void withAclsMembersAndNodesShowOnlyTheNodesTheTokenMayReadAndSayTheyWereFiltered() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.denyByDefault(),
        cluster("charlie"))) {
      String bravoOnly = ApiFixture.tokenWithRules(api.discovery, "node \"bravo\" { policy = \"read\" }");
      String everyNode = ApiFixture.tokenWithRules(api.discovery, "node_prefix \"\" { policy = \"read\" }");

      HttpResponse<String> members = api.get("/v1/agent/members?token=" + bravoOnly);
      HttpResponse<String> nodes = api.get("/v1/catalog/nodes?token=" + bravoOnly);
      HttpResponse<String> anonymous = api.get("/v1/agent/members");
      HttpResponse<String> all = api.get("/v1/agent/members?token=" + everyNode);

      assertThat(texts(api.json(members), "Name")).containsExactly("bravo");
      assertThat(members.headers().firstValue(FILTERED)).contains("true");
      assertThat(texts(api.json(nodes), "Node")).containsExactly("bravo");
      assertThat(nodes.headers().firstValue(FILTERED)).contains("true");
      assertThat(anonymous.body()).isEqualTo("[]");
      assertThat(anonymous.headers().firstValue(FILTERED)).contains("true");
      assertThat(texts(api.json(all), "Name")).containsExactly("alpha", "bravo", "charlie");
      assertThat(all.headers().firstValue(FILTERED)).isEmpty();
    }
  }

  @Test
  void withAclsTheStatusEndpointsNeedNoToken() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.denyByDefault(),
        cluster("charlie"))) {
      assertThat(api.get("/v1/status/leader").body()).isEqualTo("\"10.0.0.2:8501\"");
      assertThat(texts(api.getJson("/v1/status/peers"))).hasSize(2);
    }
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.get(field).asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
