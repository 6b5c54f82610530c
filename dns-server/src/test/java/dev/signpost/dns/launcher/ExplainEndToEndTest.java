package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The real server on ephemeral loopback ports: what {@code GET /v1/signpost/explain} says a client gets is what
 * a DNS query from that client (this test, on 127.0.0.1) gets.
 */
class ExplainEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir, "--client-zone", "127.0.0.0/8=east");
    dns = server.dnsAddress();
    api = server.httpAddress();
    register(api, """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 8080, "Meta": {"zone": "west"}}""");
    register(api, """
        {"ID": "web-2", "Name": "web", "Address": "10.0.0.2", "Port": 8080, "Meta": {"zone": "east"}}""");
    register(api, """
        {"ID": "web-3", "Name": "web", "Address": "10.0.0.3", "Port": 8080, "Tags": ["canary"]}""");
    register(api, """
        {"ID": "web-4", "Name": "web", "Address": "10.0.0.4", "Port": 8080}""");
    assertThat(http(api, "PUT", "/v1/agent/service/maintenance/web-4?enable=true&reason=deploying", "")
        .statusCode()).isEqualTo(200);
    // ip-hash orders by the client alone: the query after the explanation gets the same order
    assertThat(http(api, "PUT", "/v1/signpost/policy/web", "{\"Strategy\": \"ip-hash\", \"TTL\": 20}").statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"web.service.local., A", "web.service.local., SRV", "_web._tcp.service.local., SRV",
      "canary.web.service.local., A", "nope.service.local., A", "web.service.local., TXT"})
  void theExplainedRecordsAreTheQuerysAnswer(String name, String type) throws Exception {
    JsonNode explained = explain("?name=" + name + "&type=" + type + "&client=127.0.0.1");
    Message answer = query(dns, false, name, Type.value(type));

    assertThat(texts(explained.get("Answer"))).isEqualTo(records(answer, Section.ANSWER));
    assertThat(texts(explained.get("Authority"))).isEqualTo(records(answer, Section.AUTHORITY));
    assertThat(texts(explained.get("Additional"))).isEqualTo(records(answer, Section.ADDITIONAL));
    String rcode = explained.get("Rcode").asText();
    assertThat(rcode.equals("NODATA") ? "NOERROR" : rcode).isEqualTo(Rcode.string(answer.getRcode()));
  }

  @Test
  void theExplanationSaysWhyEachInstanceIsOrIsNotAnswered() throws Exception {
    JsonNode e = explain("?name=web.service.local&type=SRV&client=127.0.0.1");

    assertThat(e.get("Form").asText()).isEqualTo("Service");
    assertThat(e.get("Service").asText()).isEqualTo("web");
    assertThat(e.get("ClientZone").asText()).isEqualTo("east");
    assertThat(e.get("Policy").get("Strategy").asText()).isEqualTo("ip-hash");
    assertThat(e.get("Policy").get("TTL").asLong()).isEqualTo(20);
    JsonNode web4 = e.get("Instances").get(3);
    assertThat(web4.get("ID").asText()).isEqualTo("web-4");
    assertThat(web4.get("Answered").asBoolean()).isFalse();
    assertThat(web4.get("Reason").asText()).isEqualTo("maintenance: deploying");
    // the client's zone's instance is in tier 1, first whatever the strategy's order
    assertThat(e.get("Order").get(0).asText()).isEqualTo("web-2");
    assertThat(e.get("Instances").get(1).get("Priority").asInt()).isEqualTo(1);
    assertThat(e.get("Instances").get(0).get("Priority").asInt()).isEqualTo(2);
  }

  @Test
  void aNameOutsideOurZonesIsRefusedWithoutUpstreams() throws Exception {
    JsonNode e = explain("?name=example.org&client=127.0.0.1");

    assertThat(e.get("Form").asText()).isEqualTo("OutOfZone");
    assertThat(e.get("Outcome").asText()).isEqualTo("not authoritative: refused (no --upstream)");
    assertThat(query(dns, false, "example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  private static JsonNode explain(String query) throws Exception {
    HttpResponse<String> response = http(api, "GET", "/v1/signpost/explain" + query, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The section's records as zone-file text; the OPT pseudo-record is the message's, not the answer's. */
  private static List<String> records(Message m, int section) {
    return m.getSection(section).stream().filter(r -> r.getType() != Type.OPT).map(Record::toString).toList();
  }
}
