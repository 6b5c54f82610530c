package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.KeyValueStore;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Consul's {@code /v1/kv} and {@code /v1/txn}, over HTTP. */
class KvApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void aKeyPutIsReadBackAsConsulsKvPair() {
    HttpResponse<String> put = api.put("/v1/kv/config/web/port?flags=42", "8080");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(api.body(put).booleanValue()).isTrue();
    HttpResponse<String> get = api.get("/v1/kv/config/web/port");
    JsonNode pair = api.json(get).get(0);
    assertThat(ApiFixture.fieldNames(pair))
        .containsExactly("LockIndex", "Key", "Flags", "Value", "CreateIndex", "ModifyIndex");
    assertThat(pair.get("Key").asText()).isEqualTo("config/web/port");
    assertThat(pair.get("Value").asText()).isEqualTo(base64("8080"));
    assertThat(pair.get("Flags").asLong()).isEqualTo(42);
    assertThat(pair.get("LockIndex").asLong()).isZero();
    assertThat(pair.get("ModifyIndex").asLong()).isEqualTo(api.discovery.index())
        .isEqualTo(ApiFixture.consulIndex(get));
  }

  @Test
  void anEmptyValueIsNullAndTheLargestFlagsStayUnsigned() {
    api.put("/v1/kv/empty?flags=18446744073709551615", "");

    JsonNode pair = api.getJson("/v1/kv/empty").get(0);
    assertThat(pair.get("Value").isNull()).isTrue();
    assertThat(pair.get("Flags").bigIntegerValue()).hasToString("18446744073709551615");
  }

  @Test
  void rawAnswersTheValuesBytesAlone() {
    byte[] binary = {0, 1, (byte) 0xfe, (byte) 0xff};
    api.send("PUT", "/v1/kv/bin", BodyPublishers.ofByteArray(binary));
    api.put("/v1/kv/text", "hello");

    HttpResponse<String> text = api.get("/v1/kv/text?raw");
    assertThat(text.body()).isEqualTo("hello");
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(text.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(text.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
    assertThat(text.headers().firstValue("X-Consul-Index")).isPresent();
    HttpResponse<byte[]> bin = api.sendBytes("/v1/kv/bin?raw");
    assertThat(bin.body()).isEqualTo(binary);
    assertThat(bin.headers().firstValue("Content-Type")).hasValue("text/plain");
  }

  @Test
  void aMissingKeyOrEmptyPrefixIs404WithAnIndex() {
    api.put("/v1/kv/other", "x");

    for (String path : List.of("/v1/kv/missing", "/v1/kv/nothing/?recurse", "/v1/kv/nothing/?keys")) {
      HttpResponse<String> response = api.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).isEmpty();
      assertThat(ApiFixture.consulIndex(response)).as(path).isEqualTo(api.discovery.index());
    }
  }

  @Test
  void recurseListsEveryKeyUnderThePrefixInOrderAndATrailingSlashIsPartOfIt() {
    for (String key : List.of("app/b", "app/a/x", "app-other/c", "app/")) {
      api.put("/v1/kv/" + key, key);
    }

    assertThat(keys(api.getJson("/v1/kv/app/?recurse"))).containsExactly("app/", "app/a/x", "app/b");
    assertThat(keys(api.getJson("/v1/kv/app?recurse"))).containsExactly("app-other/c", "app/", "app/a/x", "app/b");
    assertThat(keys(api.getJson("/v1/kv/?recurse"))).hasSize(4);
    assertThat(keys(api.getJson("/v1/kv?recurse"))).hasSize(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /v1/kv/?keys                     | ["a/","a/b/c","a/b/d","a/e","f"]
      /v1/kv/?keys&separator=/         | ["a/","f"]
      /v1/kv/a/?keys&separator=/       | ["a/","a/b/","a/e"]
      /v1/kv/a/b?keys&separator=/      | ["a/b/"]
      /v1/kv/a/?keys&separator=b       | ["a/","a/b","a/e"]
      /v1/kv/a/?keys&seperator=/       | ["a/","a/b/","a/e"]
      /v1/kv/none/?keys                | ''
      """)
  void keysListsNamesGroupedUpToTheFirstSeparatorAfterThePrefix(String path, String expected) {
    for (String key : List.of("a/", "a/b/c", "a/b/d", "a/e", "f")) {
      api.put("/v1/kv/" + key, "");
    }

    HttpResponse<String> response = api.get(path);
    assertThat(response.statusCode()).isEqualTo(expected.isEmpty() ? 404 : 200);
    assertThat(response.body()).isEqualTo(expected);
  }

  @Test
  void noKeysUnderTheRootIsAnEmptyListNotA404() {
    HttpResponse<String> response = api.get("/v1/kv/?keys");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[]");
  }

  @Test
  void casSetsOnlyOnTheModifyIndexGivenAndZeroOnlyWhenAbsent() {
    assertThat(api.put("/v1/kv/lock?cas=0", "a").body()).isEqualTo("true");
    assertThat(api.put("/v1/kv/lock?cas=0", "b").body()).isEqualTo("false");
    long at = api.getJson("/v1/kv/lock").get(0).get("ModifyIndex").asLong();

    assertThat(api.put("/v1/kv/lock?cas=" + (at + 5), "c").body()).isEqualTo("false");
    assertThat(api.put("/v1/kv/lock?cas=" + at, "c").body()).isEqualTo("true");
    assertThat(api.delete("/v1/kv/lock?cas=" + at).body()).isEqualTo("false");
    assertThat(api.get("/v1/kv/lock?raw").body()).isEqualTo("c");
  }

  @Test
  void deleteRemovesOneKeyOrWithRecurseEveryKeyUnderThePrefix() {
    for (String key : List.of("app/a", "app/b", "apple", "z")) {
      api.put("/v1/kv/" + key, "1");
    }

    assertThat(api.delete("/v1/kv/z").body()).isEqualTo("true");
    assertThat(api.delete("/v1/kv/app/?recurse").body()).isEqualTo("true");

    assertThat(keys(api.getJson("/v1/kv/?recurse"))).containsExactly("apple");
    assertThat(api.delete("/v1/kv/never").body()).isEqualTo("true");
  }

  @Test
  void aBlockingReadOnAPrefixWakesOnAWriteUnderItAndNotOnOneElsewhere() throws Exception {
    api.put("/v1/kv/app/a", "1");
    long index = ApiFixture.consulIndex(api.get("/v1/kv/app/?recurse"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/kv/app/?recurse&index=" + index + "&wait=30s");
    api.put("/v1/kv/elsewhere", "1");
    api.put("/v1/kv/app", "no slash: not under app/");
    // Both writes are visible before their 200; a poll they had woken would have answered by now.
    HttpResponse<String> quiet = api.get("/v1/kv/app/?recurse&index=" + index + "&wait=300ms");
    assertThat(ApiFixture.consulIndex(quiet)).isEqualTo(index);
    assertThat(poll).isNotDone();

    api.put("/v1/kv/app/b", "2");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index()).isGreaterThan(index);
    assertThat(keys(api.json(response))).containsExactly("app/a", "app/b");
  }

  @Test
  void aBlockingReadOnAKeyWakesWhenTheKeyIsDeleted() throws Exception {
    api.put("/v1/kv/feature", "on");
    long index = ApiFixture.consulIndex(api.get("/v1/kv/feature"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/kv/feature?index=" + index);
    api.delete("/v1/kv/feature");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
  }

  @Test
  void aValueOfExactly512KiBIsKeptAndOneByteMoreIs413() {
    String most = "x".repeat(KeyValueStore.MAX_VALUE_BYTES);

    assertThat(api.put("/v1/kv/big", most).body()).isEqualTo("true");
    HttpResponse<String> over = api.put("/v1/kv/big", most + "x");

    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.body()).contains("524289 bytes", "max size: 524288 bytes");
    assertThat(api.get("/v1/kv/big?raw").body()).hasSize(KeyValueStore.MAX_VALUE_BYTES);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      PUT    | /v1/kv/lock?acquire=5f1a                | 400 | has no sessions
      PUT    | /v1/kv/lock?release=5f1a                | 400 | has no sessions
      PUT    | /v1/kv/                                 | 400 | Missing key name
      GET    | /v1/kv/                                 | 400 | Missing key name
      DELETE | /v1/kv/                                 | 400 | Missing key name
      PUT    | /v1/kv/a%0Ab                            | 400 | control characters
      PUT    | /v1/kv/a%FFb                            | 400 | not well-formed UTF-8
      PUT    | /v1/kv/a?flags=-1                       | 400 | flags must be an unsigned 64-bit integer
      PUT    | /v1/kv/a?cas=x                          | 400 | cas must be an unsigned 64-bit integer
      DELETE | /v1/kv/a?recurse&cas=3                  | 400 | Conflicting flags
      GET    | /v1/kv/a?dc=elsewhere                   | 500 | No path to datacenter
      POST   | /v1/kv/a                                | 405 | not allowed
      """)
  void badRequestsAreRefusedNamingTheProblem(String method, String path, int status, String message) {
    HttpResponse<String> response = api.send(method, path, BodyPublishers.ofString("v"));

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).contains(message);
  }

  @Test
  void aLeadingSlashIsNotPartOfTheKeyAndAnEncodedSlashIs() {
    api.put("/v1/kv//lead", "1");
    api.put("/v1/kv/a%2Fb", "2");

    assertThat(keys(api.getJson("/v1/kv/?recurse"))).containsExactly("a/b", "lead");
  }

  @Test
  void aTransactionWritesEverythingUnderOneIndexAndAnswersResults() {
    api.put("/v1/kv/a", "1");
    long before = api.discovery.index();

    HttpResponse<String> response = api.put("/v1/txn", "[" + op("set", "b", "2", 0) + "," + op("get", "a", null, 0)
        + "," + op("delete", "a", null, 0) + "]");

    JsonNode body = api.json(response);
    assertThat(body.get("Errors").isNull()).isTrue();
    JsonNode results = body.get("Results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("KV").get("Key").asText()).isEqualTo("b");
    assertThat(results.get(0).get("KV").get("Value").isNull()).isTrue();
    assertThat(results.get(0).get("KV").get("ModifyIndex").asLong()).isEqualTo(before + 1);
    assertThat(results.get(1).get("KV").get("Value").asText()).isEqualTo(base64("1"));
    assertThat(api.discovery.index()).isEqualTo(before + 1);
    assertThat(api.get("/v1/kv/a").statusCode()).isEqualTo(404);
  }

  @Test
  void aFailedTransactionChangesNothingAndAnswers409WithEachError() {
    api.put("/v1/kv/a", "1");

    HttpResponse<String> response = api.put("/v1/txn", "[" + op("set", "b", "2", 0) + ","
        + op("cas", "a", "x", 999) + "," + op("check-not-exists", "a", null, 0) + "]");

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode body = api.body(response);
    assertThat(body.get("Results").isNull()).isTrue();
    assertThat(body.get("Errors").get(0).get("OpIndex").asInt()).isEqualTo(1);
    assertThat(body.get("Errors").get(0).get("What").asText()).isEqualTo("failed to set key \"a\", index is stale");
    assertThat(body.get("Errors").get(1).get("OpIndex").asInt()).isEqualTo(2);
    assertThat(api.get("/v1/kv/b").statusCode()).isEqualTo(404);
  }

  @Test
  void aTransactionOfMoreThan64OperationsIs413AndAnUnknownVerb400() {
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      ops.add(op("get", "k" + i, null, 0));
    }

    HttpResponse<String> tooMany = api.put("/v1/txn", "[" + String.join(",", ops) + "]");
    HttpResponse<String> lock = api.put("/v1/txn", "[" + op("lock", "k", null, 0) + "]");
    HttpResponse<String> node = api.put("/v1/txn", "[{\"Node\": {\"Verb\": \"get\"}}]");

    assertThat(tooMany.statusCode()).isEqualTo(413);
    assertThat(tooMany.body()).isEqualTo("Transaction contains too many operations (65 > 64)");
    assertThat(lock.statusCode()).isEqualTo(400);
    assertThat(lock.body()).contains("needs sessions");
    assertThat(node.statusCode()).isEqualTo(400);
    assertThat(node.body()).contains("only KV operations");
  }

  @Test
  void withAclsKeyRulesDecideReadsWritesListsAndRecursiveDeletes() {
    try (ApiFixture secured = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.denyByDefault())) {
      String secret = token(secured, """
          key_prefix "app/" { policy = "write" }
          key "app/secret" { policy = "deny" }
          key_prefix "shared/" { policy = "read" }
          """);
      for (String key : List.of("app/a", "app/secret", "shared/x", "other")) {
        secured.discovery.kv().put(key, new byte[] {1}, 0, java.util.OptionalLong.empty())
            .toCompletableFuture().join();
      }
      String t = "token=" + secret;

      assertThat(secured.get("/v1/kv/app/a?" + t).statusCode()).isEqualTo(200);
      assertThat(secured.get("/v1/kv/app/secret?" + t).statusCode()).isEqualTo(403);
      assertThat(secured.get("/v1/kv/other?" + t).statusCode()).isEqualTo(403);
      assertThat(secured.get("/v1/kv/app/a").statusCode()).as("anonymous").isEqualTo(403);
      HttpResponse<String> list = secured.get("/v1/kv/?recurse&" + t);
      assertThat(keys(secured.json(list))).containsExactly("app/a", "shared/x");
      assertThat(list.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).hasValue("true");
      assertThat(secured.get("/v1/kv/?keys&" + t).body()).isEqualTo("[\"app/a\",\"shared/x\"]");
      assertThat(secured.put("/v1/kv/app/new?" + t, "v").statusCode()).isEqualTo(200);
      assertThat(secured.put("/v1/kv/shared/x?" + t, "v").statusCode()).isEqualTo(403);
      assertThat(secured.delete("/v1/kv/app/?recurse&" + t).statusCode()).as("app/secret is denied")
          .isEqualTo(403);
      assertThat(secured.put("/v1/txn?" + t, "[" + op("set", "app/b", "1", 0) + "," + op("set", "other", "1", 0)
          + "]").statusCode()).isEqualTo(409);
      assertThat(secured.get("/v1/kv/app/b?" + t).statusCode()).isEqualTo(404);
      JsonNode tree = secured.json(secured.put("/v1/txn?" + t, "[" + op("get-tree", "", null, 0) + "]"));
      List<String> read = new ArrayList<>();
      tree.get("Results").forEach(r -> read.add(r.get("KV").get("Key").asText()));
      assertThat(read).as("a get-tree leaves out what the token may not read").containsExactly("app/a", "app/new",
          "shared/x");
    }
  }

  private static String token(ApiFixture fixture, String rules) {
    AclPolicy policy = fixture.discovery.acl().putPolicy(new AclPolicy(AclIds.random(), "kv", "", rules, 0, 0))
        .toCompletableFuture().join();
    String secret = AclIds.random();
    fixture.discovery.acl().putToken(new AclToken(AclIds.random(), AclToken.hash(secret), "", List.of(policy.id()),
        false, Instant.parse("2026-12-03T12:00:00Z"), 0, 0)).toCompletableFuture().join();
    return secret;
  }

  private static String op(String verb, String key, String value, long index) {
    return "{\"KV\": {\"Verb\": \"" + verb + "\", \"Key\": \"" + key + "\""
        + (value == null ? "" : ", \"Value\": \"" + base64(value) + "\"") + ", \"Index\": " + index + "}}";
  }

  private static List<String> keys(JsonNode pairs) {
    List<String> keys = new ArrayList<>();
    pairs.forEach(p -> keys.add(p.get("Key").asText()));
    return keys;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
