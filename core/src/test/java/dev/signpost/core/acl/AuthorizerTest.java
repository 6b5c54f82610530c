package dev.signpost.core.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private static Authorizer token(boolean defaultAllow, String... policies) {
    return Authorizers.of(Arrays.stream(policies).map(AclRules::parse).toList(), defaultAllow);
  }

  @Test
  void anExactRuleBeatsAPrefixRule() {
    Authorizer authz = token(false, """
        service_prefix "" { policy = "read" }
        service "db" { policy = "deny" }
        """);

    assertThat(authz.serviceRead("web")).isTrue();
    assertThat(authz.serviceRead("db")).isFalse();
    assertThat(authz.serviceRead("db2")).isTrue(); // exact means exact: db2 is not db
    assertThat(authz.serviceWrite("web")).isFalse();
  }

  @Test
  void anExactRuleBeatsAPrefixRuleForTheSameSegment() {
    Authorizer authz = token(false, """
        service_prefix "db" { policy = "write" }
        service "db" { policy = "read" }
        """);

    assertThat(authz.serviceWrite("db")).isFalse();
    assertThat(authz.serviceWrite("db-replica")).isTrue();
  }

  @Test
  void aWritePrefixLetsWriteWhatStartsWithItAndNothingElse() {
    Authorizer authz = token(false, "service_prefix \"web-\" { policy = \"write\" }");

    assertThat(authz.serviceWrite("web-1")).isTrue();
    assertThat(authz.serviceRead("web-1")).isTrue(); // write implies read
    assertThat(authz.serviceWrite("web-")).isTrue();
    assertThat(authz.serviceWrite("web")).isFalse();
    assertThat(authz.serviceWrite("db")).isFalse();
    assertThat(authz.serviceRead("db")).isFalse();
  }

  @Test
  void theLongestMatchingPrefixDecides() {
    Authorizer authz = token(true, """
        key_prefix "" { policy = "deny" }
        key_prefix "app/" { policy = "write" }
        key_prefix "app/secret/" { policy = "deny" }
        """);

    assertThat(authz.keyRead("other")).isFalse(); // the empty prefix's deny beats the default allow
    assertThat(authz.keyWrite("app/config")).isTrue();
    assertThat(authz.keyRead("app/secret/db")).isFalse();
    assertThat(authz.keyWrite("app/secretive")).isTrue();
  }

  @Test
  void theEmptyPrefixMatchesEveryNameIncludingTheEmptyOne() {
    Authorizer authz = token(false, "node_prefix \"\" { policy = \"read\" }\nagent_prefix \"\" { policy = \"write\" }");

    assertThat(authz.nodeRead("any-node")).isTrue();
    assertThat(authz.nodeRead("")).isTrue();
    assertThat(authz.nodeWrite("any-node")).isFalse();
    assertThat(authz.agentWrite("n1")).isTrue();
    assertThat(authz.agentRead("n1")).isTrue();
  }

  @Test
  void familiesAreSeparate() {
    Authorizer authz = token(false, "service_prefix \"\" { policy = \"write\" }");

    assertThat(authz.nodeRead("web")).isFalse();
    assertThat(authz.agentRead("web")).isFalse();
    assertThat(authz.keyRead("web")).isFalse();
    assertThat(authz.operatorRead()).isFalse();
  }

  @Test
  void mergingTwoPoliciesKeepsDenyOverWriteOverReadForTheSameRule() {
    String readAll = """
        service_prefix "" { policy = "read" }
        service "web" { policy = "read" }
        service "db" { policy = "write" }
        operator = "read"
        """;
    String second = """
        service "web" { policy = "write" }
        service "db" { policy = "deny" }
        service_prefix "api-" { policy = "write" }
        operator = "write"
        """;

    for (Authorizer authz : List.of(token(false, readAll, second), token(false, second, readAll))) {
      assertThat(authz.serviceWrite("web")).isTrue();   // read + write -> write
      assertThat(authz.serviceRead("db")).isFalse();    // write + deny -> deny
      assertThat(authz.serviceWrite("api-1")).isTrue(); // only the second has it
      assertThat(authz.serviceRead("cache")).isTrue();  // only the first has it
      assertThat(authz.operatorWrite()).isTrue();
    }
  }

  @Test
  void mergingAnExactRuleFromOnePolicyStillBeatsAPrefixRuleFromAnother() {
    // Consul merges exact and prefix rules separately, then decides as for one policy.
    Authorizer authz = token(false,
        "service_prefix \"\" { policy = \"write\" }",
        "service \"db\" { policy = \"read\" }");

    assertThat(authz.serviceWrite("db")).isFalse();
    assertThat(authz.serviceWrite("web")).isTrue();
  }

  @Test
  void whatNoRuleDecidesGoesToTheDefaultPolicy() {
    String rules = "service \"web\" { policy = \"read\" }";

    Authorizer allow = token(true, rules);
    assertThat(allow.serviceWrite("web")).isFalse(); // a rule decided
    assertThat(allow.serviceWrite("db")).isTrue();
    assertThat(allow.nodeWrite("n1")).isTrue();
    assertThat(allow.keyWritePrefix("")).isTrue();
    assertThat(allow.operatorWrite()).isTrue();

    Authorizer deny = token(false, rules);
    assertThat(deny.serviceRead("web")).isTrue();
    assertThat(deny.serviceRead("db")).isFalse();
    assertThat(deny.nodeRead("n1")).isFalse();
    assertThat(deny.keyRead("k")).isFalse();
    assertThat(deny.operatorRead()).isFalse();
  }

  @Test
  void theDefaultPolicyNeverGrantsAclManagement() {
    assertThat(token(true, "service_prefix \"\" { policy = \"read\" }").aclRead()).isFalse();
    assertThat(Authorizers.of(List.of(), true).aclRead()).isFalse();
    assertThat(Authorizers.allowAll().aclWrite()).isFalse();

    Authorizer reader = token(true, "acl = \"read\"");
    assertThat(reader.aclRead()).isTrue();
    assertThat(reader.aclWrite()).isFalse();

    Authorizer writer = token(false, "acl = \"write\"");
    assertThat(writer.aclRead()).isTrue(); // write implies read
    assertThat(writer.aclWrite()).isTrue();
    assertThat(writer.serviceRead("web")).isFalse();
  }

  @Test
  void aDenyRuleBeatsTheDefaultAllow() {
    Authorizer authz = token(true, "operator = \"deny\"\nnode \"n1\" { policy = \"deny\" }");

    assertThat(authz.operatorRead()).isFalse();
    assertThat(authz.nodeRead("n1")).isFalse();
    assertThat(authz.nodeRead("n2")).isTrue();
  }

  @Test
  void aTokenWithoutPoliciesGetsTheDefaultPolicy() {
    assertThat(Authorizers.of(List.of(), true)).isSameAs(Authorizers.allowAll());
    assertThat(Authorizers.of(List.of(AclRules.NONE), false)).isSameAs(Authorizers.denyAll());
  }

  @Test
  void managementMayDoEverythingAndDenyAllNothing() {
    assertThat(everyDecision(Authorizers.management())).containsOnly(true);
    assertThat(everyDecision(Authorizers.denyAll())).containsOnly(false);
    assertThat(everyDecision(Authorizers.allowAll())).containsOnly(true, false);
  }

  @Test
  void readGrantsNeitherListNorWriteOnKeysAndListGrantsReadAndList() {
    Authorizer authz = token(false, """
        key_prefix "read/" { policy = "read" }
        key_prefix "list/" { policy = "list" }
        key_prefix "write/" { policy = "write" }
        """);

    assertThat(authz.keyRead("read/a")).isTrue();
    assertThat(authz.keyList("read/")).isFalse();
    assertThat(authz.keyWrite("read/a")).isFalse();
    assertThat(authz.keyRead("list/a")).isTrue();
    assertThat(authz.keyList("list/")).isTrue();
    assertThat(authz.keyWrite("list/a")).isFalse();
    assertThat(authz.keyList("write/")).isTrue();
    assertThat(authz.keyWrite("write/a")).isTrue();
  }

  @Test
  void writingAWholePrefixNeedsWriteOnEveryRuleInsideIt() {
    Authorizer authz = token(true, """
        key_prefix "app/" { policy = "write" }
        key "app/locked" { policy = "read" }
        key_prefix "logs/" { policy = "write" }
        key_prefix "ro/" { policy = "read" }
        """);

    assertThat(authz.keyWritePrefix("app/")).isFalse();       // app/locked is read-only
    assertThat(authz.keyWritePrefix("app/other/")).isTrue();
    assertThat(authz.keyWritePrefix("logs/")).isTrue();
    assertThat(authz.keyWritePrefix("ro/")).isFalse();         // the covering prefix rule is read
    assertThat(authz.keyWritePrefix("")).isFalse();            // app/locked and ro/ lie under ""
    assertThat(authz.keyWritePrefix("tmp/")).isTrue();         // nothing decides: default allow
    assertThat(token(false, "key_prefix \"app/\" { policy = \"write\" }").keyWritePrefix("tmp/")).isFalse();
  }

  @Test
  void serviceNodeAndAgentNamesMatchIgnoringCaseKeysDoNot() {
    Authorizer authz = token(false, """
        service_prefix "" { policy = "write" }
        service "DB" { policy = "deny" }
        node_prefix "Web-" { policy = "write" }
        key "Config" { policy = "write" }
        """);

    assertThat(authz.serviceWrite("db")).isFalse(); // Signpost's "db" and "DB" are one service
    assertThat(authz.serviceRead("Db")).isFalse();
    assertThat(authz.nodeWrite("web-1")).isTrue();
    assertThat(authz.keyWrite("Config")).isTrue();
    assertThat(authz.keyWrite("config")).isFalse();
  }

  @Test
  void ignoredResourcesGrantNothing() {
    Authorizer authz = token(false, """
        session_prefix "" { policy = "write" }
        event_prefix "" { policy = "write" }
        query_prefix "" { policy = "write" }
        keyring = "write"
        mesh = "write"
        peering = "write"
        service "web" { policy = "read" intentions = "write" }
        """);

    assertThat(authz.serviceWrite("web")).isFalse();
    assertThat(authz.operatorRead()).isFalse();
    assertThat(authz.nodeRead("n1")).isFalse();
  }

  @Test
  void theDocsKeyValueExampleMeansWhatTheDocsSay() {
    Authorizer authz = token(false, AclRulesParseTest.DOCS_KV_HCL);

    assertThat(authz.keyRead("anything")).isTrue();
    assertThat(authz.keyWrite("anything")).isFalse();
    assertThat(authz.keyWrite("foo/bar/baz")).isTrue();
    assertThat(authz.keyRead("foo/bar/secret")).isFalse();
    assertThat(authz.keyRead("foo/private/x")).isFalse();
    assertThat(authz.operatorRead()).isTrue();
    assertThat(authz.operatorWrite()).isFalse();
  }

  @Test
  void aServiceIdentityTokenWritesItsServiceAndReadsTheRest() {
    // The rules Consul synthesizes for a service identity (agent/structs, aclPolicyTemplateServiceIdentity).
    Authorizer authz = token(false, AclRulesParseTest.SERVICE_IDENTITY_WEB);

    assertThat(authz.serviceWrite("web")).isTrue();
    assertThat(authz.serviceWrite("web-sidecar-proxy")).isTrue();
    assertThat(authz.serviceWrite("db")).isFalse();
    assertThat(authz.serviceRead("db")).isTrue();
    assertThat(authz.nodeRead("n1")).isTrue();
    assertThat(authz.nodeWrite("n1")).isFalse();
  }

  @Test
  void namesMustNotBeNullAndPoliciesNeither() {
    Authorizer authz = token(false, "service \"web\" { policy = \"read\" }");

    assertThatThrownBy(() -> authz.serviceRead(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Authorizers.of(Arrays.asList(AclRules.NONE, null), true))
        .isInstanceOf(NullPointerException.class);
  }

  private static List<Boolean> everyDecision(Authorizer a) {
    List<Predicate<String>> named = List.of(a::serviceRead, a::serviceWrite, a::nodeRead, a::nodeWrite,
        a::agentRead, a::agentWrite, a::keyRead, a::keyList, a::keyWrite, a::keyWritePrefix);
    List<Boolean> all = new ArrayList<>(named.stream().map(p -> p.test("x")).toList());
    all.addAll(List.of(a.operatorRead(), a.operatorWrite(), a.aclRead(), a.aclWrite()));
    return all;
  }
}
