package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.signpost.admin.tls.TlsFiles;
import dev.signpost.admin.tls.TlsFixtures;
import dev.signpost.core.ServiceDiscovery;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over TLS on real loopback sockets, with the checked-in certificates. */
class TlsApiTest {

  private static final String SELF = "GET /v1/agent/self HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  @TempDir
  Path dir;

  private final ServiceDiscovery discovery = ServiceDiscovery.inMemory();
  private AdminServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    discovery.close();
  }

  @Test
  void aClientTrustingTheCaGetsTheApiOverTls() throws Exception {
    start(TlsFixtures.serverFiles(false));

    HttpResponse<String> response = get(TlsFixtures.client("ca.pem", null), "/v1/agent/self");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"Datacenter\"");
    assertThat(servedSerial(response)).isEqualTo(TlsFixtures.SERVER_SERIAL);
    assertThat(server.tls()).isTrue();
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeWhichIsCounted() throws Exception {
    start(TlsFixtures.serverFiles(false));

    assertRefused(TlsFixtures.client("other-ca.pem", null));

    await().untilAsserted(() -> assertThat(server.connectionStats().tlsHandshakeFailures()).isEqualTo(1));
  }

  @Test
  void plainHttpOnTheTlsPortIsNotAnsweredAndCountsAsAFailedHandshake() throws Exception {
    start(TlsFixtures.serverFiles(false));

    try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(SELF.getBytes(StandardCharsets.US_ASCII));
      byte[] reply = socket.getInputStream().readAllBytes();

      assertThat(new String(reply, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
    }
    await().untilAsserted(() -> assertThat(server.connectionStats().tlsHandshakeFailures()).isEqualTo(1));
  }

  @Test
  void withAClientCaOnlyClientsWithACertificateItSignedAreServed() throws Exception {
    start(TlsFixtures.serverFiles(true));

    assertThat(get(TlsFixtures.client("ca.pem", "client"), "/v1/agent/self").statusCode()).isEqualTo(200);
    assertRefused(TlsFixtures.client("ca.pem", null));
    assertRefused(TlsFixtures.client("ca.pem", "other-client"));
    await().untilAsserted(() -> assertThat(server.connectionStats().tlsHandshakeFailures()).isEqualTo(2));
  }

  @Test
  void aReloadServesNewConnectionsTheNewCertificateAndKeepsOpenConnections() throws Exception {
    Path certificate = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TlsFixtures.copy("server.pem", certificate);
    TlsFixtures.copy("server-key.pem", key);
    start(new TlsFiles(certificate, key, Optional.empty()));
    SSLContext client = TlsFixtures.client("ca.pem", null);

    try (SSLSocket open = TlsFixtures.connect(client, server.address())) {
      assertThat(exchange(open, SELF)).startsWith("HTTP/1.1 200");
      TlsFixtures.copy("server2.pem", certificate);
      TlsFixtures.copy("server2-key.pem", key);

      assertThat(server.reloadTls()).contains("serial 1002");

      try (SSLSocket fresh = TlsFixtures.connect(client, server.address())) {
        assertThat(TlsFixtures.servedSerial(fresh)).isEqualTo(TlsFixtures.SERVER2_SERIAL);
        assertThat(exchange(fresh, SELF)).startsWith("HTTP/1.1 200");
      }
      assertThat(exchange(open, SELF)).startsWith("HTTP/1.1 200");
      assertThat(TlsFixtures.servedSerial(open)).isEqualTo(TlsFixtures.SERVER_SERIAL);
    }
  }

  @Test
  void aReloadThatFailsKeepsTheCertificateServing() throws Exception {
    Path key = dir.resolve("key.pem");
    TlsFixtures.copy("server-key.pem", key);
    start(new TlsFiles(TlsFixtures.file("server.pem"), key, Optional.empty()));
    TlsFixtures.copy("server-rsa-key-pkcs1.pem", key);

    assertThatThrownBy(server::reloadTls).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot use TLS key file " + key + ": a PKCS#1 RSA key");

    try (SSLSocket fresh = TlsFixtures.connect(TlsFixtures.client("ca.pem", null), server.address())) {
      assertThat(TlsFixtures.servedSerial(fresh)).isEqualTo(TlsFixtures.SERVER_SERIAL);
    }
  }

  @Test
  void pastTheConnectionCapATlsConnectionIsClosedWithoutAPlainTextAnswer() throws Exception {
    server = AdminServer.start(discovery, new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "n1", 1 << 20)
        .withLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), 1)
        .withTls(Optional.of(TlsFixtures.serverFiles(false))));
    try (SSLSocket first = TlsFixtures.connect(TlsFixtures.client("ca.pem", null), server.address());
        Socket second = new Socket(server.address().getAddress(), server.address().getPort())) {
      second.setSoTimeout(10_000);

      assertThat(second.getInputStream().readAllBytes()).isEmpty();
      assertThat(exchange(first, SELF)).startsWith("HTTP/1.1 200");
      assertThat(server.connectionStats().refusedConnections()).isEqualTo(1);
    }
  }

  @Test
  void anUnusableFileStopsTheStartWithOneLine() {
    TlsFiles files = new TlsFiles(TlsFixtures.file("server.pem"), TlsFixtures.file("server-key-sec1.pem"),
        Optional.empty());

    assertThatThrownBy(() -> start(files)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot use TLS key file ").hasMessageNotContaining("\n");
  }

  private void start(TlsFiles files) {
    server = AdminServer.start(discovery, new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "n1", 1 << 20)
        .withTls(Optional.of(files)));
  }

  /** One connection (the JDK's HTTP client may try twice) fails its handshake, or its first request. */
  private void assertRefused(SSLContext tls) {
    assertThatThrownBy(() -> {
      try (SSLSocket socket = TlsFixtures.connect(tls, server.address())) {
        exchange(socket, SELF); // TLS 1.3: the client's handshake ends before the server checks it
      }
    }).isInstanceOf(IOException.class);
  }

  /** A new client, hence a new connection and handshake. */
  private HttpResponse<String> get(SSLContext tls, String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static BigInteger servedSerial(HttpResponse<?> response) throws IOException {
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  /** Sends one request on the TLS socket and reads its response. */
  private static String exchange(SSLSocket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return RawConnection.readResponse(socket.getInputStream());
  }
}
