package dev.signpost.core.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AclRulesParseTest {

  /** The key/value example of Consul's "ACL Rules" page (v1.10) and policies tutorial, in HCL. */
  static final String DOCS_KV_HCL = """
      # These control access to the key/value store.
      key_prefix "" {
        policy = "read"
      }
      key_prefix "foo/" {
        policy = "write"
      }
      key_prefix "foo/private/" {
        policy = "deny"
      }
      # Or for exact key matches
      key "foo/bar/secret" {
        policy = "deny"
      }

      # This controls access to cluster-wide Consul operator information.
      operator = "read"
      """;

  /** The same page's JSON form of that example. */
  static final String DOCS_KV_JSON = """
      {
        "key_prefix": {
          "": {
            "policy": "read"
          },
          "foo/": {
            "policy": "write"
          },
          "foo/private/": {
            "policy": "deny"
          }
        },
        "key": {
          "foo/bar/secret": {
            "policy": "deny"
          }
        },
        "operator": "read"
      }
      """;

  /** The rules Consul synthesizes for a service identity (agent/structs, aclPolicyTemplateServiceIdentity). */
  static final String SERVICE_IDENTITY_WEB = """
      service "web" {
      \tpolicy = "write"
      }
      service "web-sidecar-proxy" {
      \tpolicy = "write"
      }
      service_prefix "" {
      \tpolicy = "read"
      }
      node_prefix "" {
      \tpolicy = "read"
      }""";

  static Stream<Arguments> sameRulesInHclAndJson() {
    return Stream.of(
        Arguments.of("service \"web\" { policy = \"write\" }", "{\"service\": {\"web\": {\"policy\": \"write\"}}}"),
        Arguments.of("service_prefix \"\" { policy = \"read\" }\nservice \"db\" { policy = \"deny\" }",
            "{\"service_prefix\": {\"\": {\"policy\": \"read\"}}, \"service\": {\"db\": {\"policy\": \"deny\"}}}"),
        Arguments.of("node_prefix \"\" { policy = \"read\" } agent \"n1\" { policy = \"write\" }",
            "{\"node_prefix\": {\"\": {\"policy\": \"read\"}}, \"agent\": {\"n1\": {\"policy\": \"write\"}}}"),
        Arguments.of("key_prefix \"app/\" { policy = \"list\" }\nacl = \"read\"",
            "{\"key_prefix\": {\"app/\": {\"policy\": \"list\"}}, \"acl\": \"read\"}"),
        Arguments.of(DOCS_KV_HCL, DOCS_KV_JSON));
  }

  @ParameterizedTest
  @MethodSource
  void sameRulesInHclAndJson(String hcl, String json) {
    AclRules fromHcl = AclRules.parse(hcl);

    assertThat(fromHcl).isEqualTo(AclRules.parse(json)).isNotEqualTo(AclRules.NONE);
  }

  /** Consul's own parser test ("Basic", acl/policy_test.go): every resource CE knows, Signpost's and not. */
  @Test
  void aPolicyUsingEveryConsulResourceLoads() {
    AclRules rules = AclRules.parse("""
        agent_prefix "bar" { policy = "write" }
        agent "foo" { policy = "read" }
        event_prefix "" { policy = "read" }
        event "foo" { policy = "write" }
        key_prefix "foo/" { policy = "write" }
        key "foo/bar/baz" { policy = "deny" }
        keyring = "deny"
        node_prefix "" { policy = "read" }
        node "foo" { policy = "write" }
        operator = "deny"
        mesh = "deny"
        peering = "deny"
        service_prefix "" { policy = "write" }
        service "foo" { policy = "read" intentions = "deny" }
        identity_prefix "" { policy = "read" intentions = "read" }
        session "foo" { policy = "write" }
        session_prefix "baz" { policy = "deny" }
        query_prefix "" { policy = "read" }
        query "bar" { policy = "deny" }
        """);

    assertThat(rules).hasToString("""
        operator = "deny"
        service "foo" { policy = "read" }
        service_prefix "" { policy = "write" }
        node "foo" { policy = "write" }
        node_prefix "" { policy = "read" }
        agent "foo" { policy = "read" }
        agent_prefix "bar" { policy = "write" }
        key "foo/bar/baz" { policy = "deny" }
        key_prefix "foo/" { policy = "write" }
        """);
  }

  @Test
  void aServiceIdentityPolicyLoads() {
    assertThat(AclRules.parse(SERVICE_IDENTITY_WEB)).hasToString("""
        service "web" { policy = "write" }
        service "web-sidecar-proxy" { policy = "write" }
        service_prefix "" { policy = "read" }
        node_prefix "" { policy = "read" }
        """);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n\t", "# only a comment", "// only a comment\n/* and\nanother */", "{}"})
  void textWithoutRulesIsNone(String text) {
    assertThat(AclRules.parse(text)).isEqualTo(AclRules.NONE);
  }

  @Test
  void emptySingleValuesMeanNoRuleAsInConsul() {
    assertThat(AclRules.parse("operator = \"\"\nacl = \"\"\nkeyring = \"\"")).isEqualTo(AclRules.NONE);
  }

  @Test
  void resourceFieldAndDispositionNamesIgnoreCaseAsConsulsDecoderDoes() {
    assertThat(AclRules.parse("Service \"web\" { Policy = \"WRITE\" }\nOPERATOR = \"Read\""))
        .isEqualTo(AclRules.parse("service \"web\" { policy = \"write\" }\noperator = \"read\""));
  }

  @Test
  void hclWritesLabelsAsBareWordsOrStringsAndSeparatesFieldsWithCommasOrNot() {
    AclRules expected = AclRules.parse("service \"web\" { policy = \"write\" intentions = \"read\" }");

    assertThat(AclRules.parse("service web { policy = \"write\", intentions = \"read\" }")).isEqualTo(expected);
    assertThat(AclRules.parse("service \"web\" {\n policy = \"write\"\n intentions = \"read\"\n}"))
        .isEqualTo(expected);
  }

  @Test
  void aNestedHclFormReadsLikeJson() {
    assertThat(AclRules.parse("service { \"web\" { policy = \"write\" } \"db\" = { policy = \"deny\" } }"))
        .isEqualTo(AclRules.parse("service \"web\" { policy = \"write\" }\nservice \"db\" { policy = \"deny\" }"));
  }

  @Test
  void stringsTakeJsonEscapes() {
    assertThat(AclRules.parse("{\"key\": {\"a\\\"b\\\\c\\u00e9\\/\": {\"policy\": \"write\"}}}"))
        .isEqualTo(AclRules.parse("key \"a\\\"b\\\\c\u00e9/\" { policy = \"write\" }"));
  }

  @Test
  void repeatedRulesInOnePolicyMergeToTheStrongestAsConsulMergesThem() {
    assertThat(AclRules.parse("""
        service "web" { policy = "read" }
        service "web" { policy = "deny" }
        service "web" { policy = "write" }
        key_prefix "a/" { policy = "read" }
        key_prefix "a/" { policy = "list" }
        """)).isEqualTo(AclRules.parse("""
        service "web" { policy = "deny" }
        key_prefix "a/" { policy = "list" }
        """));
  }

  @Test
  void canonicalTextReadsBackToEqualRules() {
    AclRules rules = AclRules.parse(DOCS_KV_JSON);
    AclRules more = AclRules.parse("acl = \"write\"\nservice \"we\\\"ird\" { policy = \"read\" }\n"
        + "agent_prefix \"\" { policy = \"deny\" }");

    assertThat(AclRules.parse(rules.toString())).isEqualTo(rules);
    assertThat(AclRules.parse(more.toString())).isEqualTo(more);
    assertThat(AclRules.NONE.toString()).isEmpty();
  }
}
