package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void unknownPathIs404() {
    HttpResponse<String> response = api.get("/v1/session/list");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("unknown path /v1/session/list");
  }

  @Test
  void knownPathWithTheWrongMethodIs405WithAllow() {
    HttpResponse<String> services = api.send("DELETE", "/v1/agent/services", BodyPublishers.noBody());
    HttpResponse<String> register = api.send("POST", "/v1/agent/service/register", BodyPublishers.ofString("{}"));
    HttpResponse<String> deregister = api.get("/v1/agent/service/deregister/x");

    assertThat(services.statusCode()).isEqualTo(405);
    assertThat(services.headers().firstValue("Allow")).hasValue("GET");
    assertThat(services.body()).isEqualTo("method DELETE not allowed on /v1/agent/services");
    assertThat(register.statusCode()).isEqualTo(405);
    // GET also routes there: /v1/agent/service/{id} with the id "register".
    assertThat(register.headers().firstValue("Allow")).hasValue("GET, PUT");
    assertThat(deregister.statusCode()).isEqualTo(405);
    assertThat(deregister.headers().firstValue("Allow")).hasValue("DELETE, PUT");
  }

  @Test
  void prettyParameterIndentsJson() {
    api.register("{\"Name\": \"web\"}");

    HttpResponse<String> compact = api.get("/v1/catalog/services");
    HttpResponse<String> pretty = api.get("/v1/catalog/services?pretty");

    assertThat(compact.body()).isEqualTo("{\"web\":[]}");
    // Go's json.MarshalIndent style, as Consul prints it.
    assertThat(pretty.body()).isEqualTo("{\n    \"web\": []\n}\n");
    assertThat(pretty.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void trailingSlashIsIgnored() {
    assertThat(api.get("/v1/agent/services/").statusCode()).isEqualTo(200);
  }

  @Test
  void percentEncodedPathSegmentsAreDecoded() {
    api.register("{\"ID\": \"web 1\", \"Name\": \"web\"}");

    assertThat(api.getJson("/v1/agent/service/web%201").get("ID").asText()).isEqualTo("web 1");
  }

  @Test
  void malformedHttpGets400AndTheConnectionCloses() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.server.address().getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET /v1/agent/services HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String reply = readAll(socket.getInputStream());
      assertThat(reply).startsWith("HTTP/1.1 400 Bad Request").contains("malformed HTTP request");
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
