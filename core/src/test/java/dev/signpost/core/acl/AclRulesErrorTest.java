package dev.signpost.core.acl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed rules are refused with the line to fix first, in either form. */
class AclRulesErrorTest {

  static Stream<Arguments> malformedRulesNameTheirLine() {
    return Stream.of(
        // unterminated strings: the line where the string opens
        Arguments.of("service \"web\" {\n  policy = \"read\n}", "line 2: unterminated string"),
        Arguments.of("{\n\"service\": {\n\"web\": {\"policy\": \"write}}}", "line 3: unterminated string"),
        Arguments.of("operator = \"read", "line 1: unterminated string"),
        // unknown policy values
        Arguments.of("\n\nservice \"web\" {\n  policy = \"admin\"\n}", "line 4: invalid service policy \"admin\""),
        Arguments.of("{\n  \"node_prefix\": {\n    \"\": {\n      \"policy\": \"all\"\n    }\n  }\n}",
            "line 4: invalid node_prefix policy \"all\""),
        Arguments.of("service \"web\" { policy = \"list\" }", "line 1: invalid service policy \"list\""),
        Arguments.of("acl = \"list\"", "line 1: invalid acl policy \"list\""),
        Arguments.of("operator = \"root\"", "line 1: invalid operator policy \"root\""),
        Arguments.of("mesh = \"nope\"", "line 1: invalid mesh policy \"nope\""),
        Arguments.of("service \"web\" {\n policy = \"write\"\n intentions = \"foo\"\n}",
            "line 3: invalid service intentions policy \"foo\""),
        Arguments.of("service \"web\" { policy = read }", "line 1: policy in service \"web\" must be a quoted string"),
        Arguments.of("{\"operator\": true}", "line 1: operator must be a quoted string"),
        // unknown resources and fields
        Arguments.of("key_prefix \"\" { policy = \"read\" }\nservce \"web\" { policy = \"read\" }",
            "line 2: unknown resource \"servce\""),
        Arguments.of("{\n  \"namespace\": {\"ns\": {\"policy\": \"read\"}}\n}",
            "line 2: unknown resource \"namespace\""),
        Arguments.of("node \"n\" {\n  policy = \"read\"\n  intentions = \"read\"\n}",
            "line 3: unknown field \"intentions\" in node \"n\""),
        Arguments.of("service \"web\" {\n  policy = \"read\"\n  sentinel { code = \"x\" }\n}",
            "line 3: unknown field \"sentinel\""),
        // braces
        Arguments.of("service \"web\" {\n  policy = \"read\"\n", "line 1: missing }"),
        Arguments.of("key \"a\" { policy = \"read\" }\nkey \"b\" {\n  policy = \"read\"", "line 2: missing }"),
        Arguments.of("{\n\"service\": {\"web\": {\"policy\": \"read\"}}", "line 1: missing }"),
        Arguments.of("service \"web\" policy = \"read\" }", "line 1: unexpected }: no block is open"),
        Arguments.of("service \"web\" { policy = \"read\" }\n}", "line 2: unexpected }: no block is open"),
        Arguments.of("service \"web\"\n\n", "line 3: expected = or { after \"service\" \"web\""),
        // shapes
        Arguments.of("service { policy = \"read\" }", "line 1: service \"policy\" must be a block"),
        Arguments.of("{\"service\": \"web\"}", "line 1: service needs a name and a block"),
        Arguments.of("service \"a\" \"b\" { policy = \"read\" }", "line 1: service takes one name"),
        Arguments.of("operator \"x\" = \"read\"", "line 1: operator takes no name"),
        Arguments.of("service \"web\" {\n}", "line 1: service \"web\" has no policy"),
        Arguments.of("{\"service\": [{\"web\": {\"policy\": \"read\"}}]}", "line 1: lists are not part of the rule"),
        // set twice: Consul refuses duplicate arguments since its HCL duplicate-key fix
        Arguments.of("operator = \"read\"\nacl = \"read\"\noperator = \"write\"",
            "line 3: operator is set twice (first on line 1)"),
        Arguments.of("service \"web\" {\n  policy = \"read\"\n  policy = \"write\"\n}",
            "line 3: policy is set twice in service \"web\" (first on line 2)"),
        // lexical
        Arguments.of("service \"web\" { policy = \"read\" }\n$", "line 2: unexpected character '$'"),
        Arguments.of("/* a comment\nthat never ends", "line 1: unterminated comment"),
        Arguments.of("key \"a\\qb\" { policy = \"read\" }", "line 1: unknown escape \\q"),
        Arguments.of("{\"key\": {\"a\": {\"policy\": \"read\"}}} {}", "line 1: unexpected '{' after the rules"),
        Arguments.of("{\"service\": {\"web\": {\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {}}}}}}}}}",
            "line 1: blocks nested deeper than 8"));
  }

  @Test
  void deeplyNestedTextIsRefusedWithoutExhaustingTheStack() {
    assertThatThrownBy(() -> AclRules.parse("{\"service\": ".repeat(100_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 1: blocks nested deeper than");
  }

  @ParameterizedTest
  @MethodSource
  void malformedRulesNameTheirLine(String rules, String expectedStart) {
    assertThatThrownBy(() -> AclRules.parse(rules))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(expectedStart);
  }
}
