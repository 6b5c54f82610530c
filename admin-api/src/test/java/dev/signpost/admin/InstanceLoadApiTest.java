package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.balance.InstanceStats;
import dev.signpost.core.testing.ManualTime;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceLoadApiTest {

  private final ManualTime time = new ManualTime();
  private final ApiFixture api = new ApiFixture(ApiFixture.silentProbes(time).build());
  private final InstanceStats stats = api.discovery.stats();

  @BeforeEach
  void registerAnInstance() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 80}");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void anInstanceThatReportedNothingHasNullNumbers() {
    HttpResponse<String> response = api.get("/v1/signpost/instance/web-1/load");

    JsonNode load = api.json(response);
    assertThat(fieldNames(load)).containsExactly("ID", "ActiveConnections", "CheckLatencyMillis", "FailedRecently");
    assertThat(response.body())
        .isEqualTo("{\"ID\":\"web-1\",\"ActiveConnections\":null,\"CheckLatencyMillis\":null,\"FailedRecently\":false}");
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
  }

  @Test
  void aLoadReportShowsInGetLoadAndReachesTheStrategiesStats() {
    HttpResponse<String> put = api.put("/v1/signpost/instance/web-1/load", "{\"ActiveConnections\": 12}");

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).isEmpty();
    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("ActiveConnections").asLong()).isEqualTo(12);
    assertThat(stats.connections("web-1")).hasValue(12);
  }

  @Test
  void aLaterReportReplacesTheEarlierOneAndZeroIsAValidCount() {
    api.putOk("/v1/signpost/instance/web-1/load", "{\"ActiveConnections\": 12}");

    api.putOk("/v1/signpost/instance/web-1/load", "{\"activeconnections\": 0}");

    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("ActiveConnections").asLong()).isZero();
  }

  @Test
  void aLoadReportIsNotARegistryChangeSoTheIndexStays() {
    long before = api.discovery.index();

    api.putOk("/v1/signpost/instance/web-1/load", "{\"ActiveConnections\": 3}");

    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @Test
  void checkLatencyIsTheMovingAverageInMillisecondsWithFractions() {
    stats.recordProbe("web-1", Duration.ofNanos(1_500_000), false);

    JsonNode load = api.getJson("/v1/signpost/instance/web-1/load");

    assertThat(load.get("CheckLatencyMillis").isDouble()).isTrue();
    assertThat(load.get("CheckLatencyMillis").asDouble()).isEqualTo(1.5);
    assertThat(load.get("FailedRecently").asBoolean()).isFalse();
  }

  @Test
  void aFailedProbeShowsAsFailedRecentlyUntilAMinuteHasPassed() {
    stats.recordProbe("web-1", Duration.ofSeconds(2), true);

    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("FailedRecently").asBoolean()).isTrue();
    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("CheckLatencyMillis").isNull()).isTrue();

    time.advance(InstanceStats.RECENT_FAILURE.plusNanos(1));

    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("FailedRecently").asBoolean()).isFalse();
  }

  @Test
  void getLoadOfAnUnknownInstanceIs404() {
    HttpResponse<String> response = api.get("/v1/signpost/instance/ghost/load");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"ghost\"");
  }

  @Test
  void aLoadReportForAnUnknownInstanceIs404AndIsNotKept() {
    HttpResponse<String> response = api.put("/v1/signpost/instance/ghost/load", "{\"ActiveConnections\": 1}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"ghost\"");
    assertThat(stats.connections("ghost")).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"ActiveConnections": -1}    | ActiveConnections must not be negative, got -1
      {"ActiveConnections": "12"}  | ActiveConnections: expected an integer, got a string
      {"ActiveConnections": 1.5}   | ActiveConnections: expected an integer, got a number
      {"ActiveConnections": null}  | ActiveConnections is missing: expected a non-negative integer
      {}                           | ActiveConnections is missing: expected a non-negative integer
      ''                           | request body is empty: expected {"ActiveConnections": ...}
      """)
  void invalidLoadReportsAreRefusedWith400NamingTheField(String body, String message) {
    api.putOk("/v1/signpost/instance/web-1/load", "{\"ActiveConnections\": 7}");

    HttpResponse<String> response = api.put("/v1/signpost/instance/web-1/load", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(message);
    assertThat(stats.connections("web-1")).hasValue(7);
  }

  @Test
  void aLoadReportThatIsNotJsonIs400() {
    HttpResponse<String> response = api.put("/v1/signpost/instance/web-1/load", "12");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("request body: ");

    HttpResponse<String> garbage = api.put("/v1/signpost/instance/web-1/load", "connections=12");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).startsWith("malformed JSON: ");
  }
}
