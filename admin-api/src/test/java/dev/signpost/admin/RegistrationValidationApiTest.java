package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationValidationApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"Name": "web_1"}                                      | service name 'web_1' is not a valid DNS label
      {"Name": "addr"}                                       | service name 'addr' is reserved by the DNS naming scheme
      {"Name": "ADDR"}                                       | service name 'ADDR' is reserved
      {"Name": "web", "Port": 70000}                         | Port must be between 0 and 65535, got 70000
      {"Name": "web", "Port": -1}                            | Port must be between 0 and 65535, got -1
      {"Name": "web", "Port": "80"}                          | Port: expected an integer, got a string
      {"Name": "web", "Port": 80.5}                          | Port: expected an integer, got a number
      {"Name": "web", "Tags": "x"}                           | Tags: expected an array, got a string
      {"Name": "web", "Tags": ["a", null]}                   | Tags[1] is null; use a string
      {"Name": 5}                                            | Name: expected a string, got a number
      {"Name": "web", "Meta": {"v": 4}}                      | Meta.v: expected a string, got a number
      {"Port": 80}                                           | Name is missing
      {"Name": ""}                                           | Name is missing
      {"Name": "web", "ID": "a/b"}                           | ID 'a/b' must not contain '/' or control characters
      {"Name": "web", "Address": "not an address!"}          | Address 'not an address!' is not an IPv4 address, an IPv6 address or a host name
      {"Name": "web", "Meta": {"bad key": "v"}}              | Meta key 'bad key' must be 1 to 128 letters
      {"Name": "web", "Meta": {"consul-x": "v"}}             | Meta key 'consul-x' uses the reserved prefix 'consul-'
      {"Name": "web", "Weights": {"Passing": 0}}             | Weights.Passing must be between 1 and 65535, got 0
      {"Name": "web", "Weights": {"Passing": "ten"}}         | Weights.Passing: expected an integer, got a string
      {"Name": "web", "Check": {"TTL": "10x"}}               | Check.TTL: invalid duration "10x": unknown unit "x"
      {"Name": "web", "Check": {"TTL": "10"}}                | Check.TTL: invalid duration "10": missing unit
      {"Name": "web", "Check": {"TTL": true}}                | Check.TTL: expected a duration
      {"Name": "web", "Check": {"HTTP": "http://x/"}}        | Check.Interval must be > 0 for HTTP and TCP checks
      {"Name": "web", "Check": {"Notes": "none"}}            | Check must set exactly one of HTTP, TCP or TTL
      {"Name": "web", "Check": {"TTL": "-5s"}}               | Check.TTL must not be negative
      {"Name": "web", "Check": {"GRPC": "127.0.0.1:1", "Interval": "1s"}} | Check.GRPC is not supported
      {"Name": "web", "Check": {"TTL": "5s", "Status": "fine"}}          | Check.Status must be passing, warning or critical, got "fine"
      {"Name": "web", "Checks": [{"TTL": "5s"}, {"TCP": "x:1"}]}         | Checks[1]: Check.Interval must be > 0
      {"Name": "web", "Checks": [null]}                      | Checks[0] is null
      {"Name": "web", "Checks": [{"TTL": "1s", "TLSSkipVerify": 1}]}     | Checks[0].TLSSkipVerify: expected a boolean, got a number
      [{"Name": "web"}]                                      | request body: expected an object, got an array
      """)
  void invalidDefinitionsAreRefusedWith400NamingTheProblem(String body, String message) {
    HttpResponse<String> response = api.put("/v1/agent/service/register", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains(message);
    assertThat(response.body()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(api.discovery.instances()).isEmpty();
  }

  @Test
  void malformedJsonIs400WithLineAndColumn() {
    HttpResponse<String> response = api.put("/v1/agent/service/register", "{\n  \"Name\": \"web\",\n  \"Port\": }");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("malformed JSON: ").contains("(line 3, column");
  }

  @Test
  void aLoneSurrogateInATagIsRefusedNotStoredAsAQuestionMark() {
    HttpResponse<String> response = api.put("/v1/agent/service/register",
        "{\"ID\": \"web-1\", \"Name\": \"web\", \"Tags\": [\"v1\", \"bad\\ud800\"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("Tags[1] is not valid Unicode");
    assertThat(api.get("/v1/agent/service/web-1").statusCode()).isEqualTo(404);
  }

  @Test
  void trailingGarbageIsMalformed() {
    HttpResponse<String> response = api.put("/v1/agent/service/register", "{\"Name\": \"web\"} extra");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("malformed JSON: ");
  }

  @Test
  void emptyBodyIs400() {
    HttpResponse<String> response = api.put("/v1/agent/service/register", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("request body is empty: expected a service definition");
  }

  @Test
  void bodyOverTheLimitIs413WithAMessage() {
    byte[] big = bodyOf(AdminConfig.DEFAULT_MAX_BODY_BYTES + 1);

    HttpResponse<String> response =
        api.send("PUT", "/v1/agent/service/register", BodyPublishers.ofByteArray(big));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("request body is larger than 1048576 bytes");
    // The server closed that connection (rather than read the rest); the client goes on with a new one.
    assertThat(api.get("/v1/agent/services").statusCode()).isEqualTo(200);
  }

  @Test
  void chunkedBodyOverTheLimitIs413WithAMessage() {
    byte[] big = bodyOf(2 * AdminConfig.DEFAULT_MAX_BODY_BYTES);

    // A body of unknown length goes out with Transfer-Encoding: chunked.
    HttpResponse<String> response = api.send("PUT", "/v1/agent/service/register",
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("request body is larger than 1048576 bytes");
  }

  @Test
  void bodyJustUnderTheLimitIsRead() {
    String padding = " ".repeat(AdminConfig.DEFAULT_MAX_BODY_BYTES - 40);
    String body = "{\"Name\": \"web\"}" + padding;

    HttpResponse<String> response = api.put("/v1/agent/service/register", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static byte[] bodyOf(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[size - 1] = '}';
    return body;
  }
}
