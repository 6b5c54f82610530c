package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 with the packaged jar: the HTTP API over TLS with certificates {@code openssl} makes (skipped
 * without it), mutual TLS, a certificate replaced and reloaded by SIGHUP, unusable files, and the Host check
 * that keeps web pages out through DNS rebinding.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsIT {

  private static final String SELF = "GET /v1/agent/self HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  @TempDir
  Path dir;

  private OpenSsl openssl;

  @BeforeEach
  void makeCa() throws Exception {
    Assumptions.assumeTrue(OpenSsl.available(), "openssl is not on the PATH: TlsIT needs it to make certificates");
    openssl = new OpenSsl(dir);
  }

  @Test
  void httpsServesClientsTrustingTheCaAndSighupGivesNewConnectionsTheNewCertificate() throws Exception {
    openssl.server("server", 0x1001);
    try (SignpostProcess server = SignpostProcess.start(dir.resolve("data"), "--http-tls-cert",
        openssl.file("server.pem").toString(), "--http-tls-key", openssl.file("server-key.pem").toString())) {
      SSLContext trusting = client(openssl.file("ca.pem"), null);

      HttpResponse<String> self = get(trusting, server, "/v1/agent/self");
      assertThat(self.statusCode()).isEqualTo(200);
      assertThat(self.body()).contains("\"Datacenter\"");
      assertThat(served(self)).isEqualTo(BigInteger.valueOf(0x1001));
      assertThat(curlWithCaCert(server)).isIn("200", "no curl");

      // The JDK's own trust store has never heard of our CA.
      assertThatThrownBy(() -> get(SSLContext.getDefault(), server, "/v1/agent/self"))
          .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLHandshakeException));
      await().untilAsserted(() -> assertThat(get(trusting, server, "/metrics").body())
          .containsPattern("(?m)^signpost_http_tls_handshake_failures_total [1-9]"));

      // DNS rebinding: a page at evil.example that resolves to 127.0.0.1 is refused.
      try (SSLSocket socket = connect(trusting, server)) {
        assertThat(exchange(socket, "GET /v1/agent/self HTTP/1.1\r\nHost: evil.example\r\n\r\n"))
            .startsWith("HTTP/1.1 403").contains("Host 'evil.example' is not allowed");
      }

      try (SSLSocket open = connect(trusting, server)) {
        assertThat(exchange(open, SELF)).startsWith("HTTP/1.1 200");
        replace("server2", 0x1002, "server");

        server.hangUp();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          try (SSLSocket fresh = connect(trusting, server)) {
            assertThat(servedSerial(fresh)).isEqualTo(BigInteger.valueOf(0x1002));
          }
        });
        assertThat(exchange(open, SELF)).as("the connection open across the reload").startsWith("HTTP/1.1 200");
        assertThat(servedSerial(open)).isEqualTo(BigInteger.valueOf(0x1001));
      }

      Files.writeString(openssl.file("server-key.pem"), "not a key\n");
      server.hangUp();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.stderrSoFar())
          .contains("WARNING").contains("HTTP API TLS not reloaded, the previous certificate keeps serving: "
              + "cannot use TLS key file " + openssl.file("server-key.pem")));
      try (SSLSocket fresh = connect(trusting, server)) {
        assertThat(servedSerial(fresh)).isEqualTo(BigInteger.valueOf(0x1002));
        assertThat(exchange(fresh, SELF)).startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void withAClientCaOnlyClientsWithACertificateItSignedAreServed() throws Exception {
    openssl.server("server", 0x2001);
    openssl.client("client", 0x3001);
    try (SignpostProcess server = SignpostProcess.start(dir.resolve("data"),
        "--http-tls-cert", openssl.file("server.pem").toString(),
        "--http-tls-key", openssl.file("server-key.pem").toString(),
        "--http-tls-client-ca", openssl.file("ca.pem").toString(),
        "--http-allowed-host", "evil.example")) {
      SSLContext anonymous = client(openssl.file("ca.pem"), null);
      SSLContext identified = client(openssl.file("ca.pem"), "client");

      assertThatThrownBy(() -> {
        try (SSLSocket socket = connect(anonymous, server)) {
          exchange(socket, SELF); // with TLS 1.3 the refusal may come after the client's handshake
        }
      }).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(anonymous, server, "/v1/agent/self")).isInstanceOf(IOException.class);

      assertThat(get(identified, server, "/v1/agent/self").statusCode()).isEqualTo(200);
      try (SSLSocket socket = connect(identified, server)) {
        assertThat(exchange(socket, "GET /v1/agent/self HTTP/1.1\r\nHost: evil.example:8500\r\n\r\n"))
            .as("a Host given with --http-allowed-host").startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void unusableTlsFilesAndFlagsStopTheStartWithOneLineAndExitCode2() throws Exception {
    openssl.server("server", 0x4001);
    Path garbage = Files.writeString(dir.resolve("garbage-key.pem"), "-----BEGIN PRIVATE KEY-----\nnope\n");
    openssl.run(List.of("ec", "-in", "server-key.pem", "-out", "sec1-key.pem"));
    String cert = openssl.file("server.pem").toString();

    SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", "0", "--http-port", "0", "--data-dir",
        dir.resolve("d1").toString(), "--http-tls-cert", cert, "--http-tls-key", garbage.toString()),
        "signpost: cannot use TLS key file " + garbage + ": ");
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--dns-port", "0", "--http-port", "0", "--data-dir",
        dir.resolve("d2").toString(), "--http-tls-cert", cert, "--http-tls-key",
        openssl.file("sec1-key.pem").toString()),
        "signpost: cannot use TLS key file " + openssl.file("sec1-key.pem") + ": an SEC1 EC key");
    SignpostProcess.assertFailsWith(SignpostProcess.launch("--http-tls-cert", cert), "--http-tls-cert needs --http-tls-key");
  }

  /** Makes a new certificate and key and moves them over {@code target}'s, as an operator renews one. */
  private void replace(String name, long serial, String target) throws Exception {
    openssl.server(name, serial);
    Files.move(openssl.file(name + "-key.pem"), openssl.file(target + "-key.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(openssl.file(name + ".pem"), openssl.file(target + ".pem"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code curl --cacert} as the README shows it: the status code, or "no curl" when it is not installed. */
  private String curlWithCaCert(SignpostProcess server) throws Exception {
    Process curl;
    try {
      curl = new ProcessBuilder("curl", "-sS", "--cacert", openssl.file("ca.pem").toString(), "-o", "/dev/null",
          "-w", "%{http_code}", "https://127.0.0.1:" + server.api.getPort() + "/v1/agent/self")
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      return "no curl";
    }
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    curl.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** A client trusting the CA in {@code caFile}, presenting {@code name}.pem if a name is given. */
  private SSLContext client(Path caFile, String name) throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry("ca", x509.generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (name != null) {
      char[] password = "it".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      X509Certificate certificate;
      try (InputStream in = Files.newInputStream(openssl.file(name + ".pem"))) {
        certificate = (X509Certificate) x509.generateCertificate(in);
      }
      keys.setKeyEntry("client", pkcs8(openssl.file(name + "-key.pem")), password,
          new X509Certificate[] {certificate});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static PrivateKey pkcs8(Path file) throws Exception {
    String pem = Files.readString(file);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** A new client each time, hence a new connection and handshake. */
  private static HttpResponse<String> get(SSLContext tls, SignpostProcess server, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("https://127.0.0.1:" + server.api.getPort() + path);
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static BigInteger served(HttpResponse<?> response) throws Exception {
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  private static SSLSocket connect(SSLContext tls, SignpostProcess server) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(server.api.getAddress(), server.api.getPort());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static BigInteger servedSerial(SSLSocket socket) throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }

  /** One request on the connection, and its response: the head and a body of Content-Length bytes. */
  private static String exchange(SSLSocket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.size() + " bytes of a response: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(text);
    byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
    return text + new String(body, StandardCharsets.UTF_8);
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> all = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
      all.add(c);
    }
    return all;
  }
}
