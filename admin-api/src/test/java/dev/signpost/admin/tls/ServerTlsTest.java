package dev.signpost.admin.tls;

import static dev.signpost.admin.tls.TlsFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerTlsTest {

  @TempDir
  Path dir;

  @Test
  void pkcs8EcAndRsaKeysAreRead() {
    assertThat(ServerTls.load(TlsFixtures.serverFiles(false)).description())
        .contains("CN=127.0.0.1", "serial 1001", "no client certificates asked for");
    assertThat(ServerTls.load(new TlsFiles(file("server-rsa.pem"), file("server-rsa-key.pem"), Optional.empty()))
        .certificate().getSerialNumber().toString(16)).isEqualTo("1003");
  }

  @Test
  void connectionsSpeakOnlyTls12And13AndAskForAClientCertificateOnlyWithAClientCa() {
    SslHandler plain = ServerTls.load(TlsFixtures.serverFiles(false)).newHandler(ByteBufAllocator.DEFAULT);
    SslHandler mutual = ServerTls.load(TlsFixtures.serverFiles(true)).newHandler(ByteBufAllocator.DEFAULT);

    assertThat(plain.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(plain.engine().getUseClientMode()).isFalse();
    assertThat(plain.engine().getNeedClientAuth()).isFalse();
    assertThat(plain.engine().getWantClientAuth()).isFalse();
    assertThat(mutual.engine().getNeedClientAuth()).isTrue();
    assertThat(plain.getHandshakeTimeoutMillis()).as("the connection's own timers bound the handshake").isZero();
  }

  @ParameterizedTest(name = "{0} + {1}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      server.pem     | no-such.pem              | key         | no such file
      server.pem     | server-rsa-key-pkcs1.pem | key         | a PKCS#1 RSA key (-----BEGIN RSA PRIVATE KEY-----)
      server.pem     | server-key-sec1.pem      | key         | an SEC1 EC key (-----BEGIN EC PRIVATE KEY-----)
      server.pem     | server-key-encrypted.pem | key         | an encrypted key, which Signpost cannot read
      server.pem     | server.pem               | key         | it holds a certificate, not a private key
      server.pem     | make-certs.sh            | key         | not a PEM file
      server.pem     | server2-key.pem          | key         | it is not the key of the certificate in
      server.pem     | server-rsa-key.pem       | key         | it is not the key of the certificate in
      server-key.pem | server-key.pem           | certificate | it holds a private key, not a certificate
      no-such.pem    | server-key.pem           | certificate | no such file
      """)
  void anUnusableFileIsOneLineNamingItAndWhy(String certificate, String key, String which, String why) {
    TlsFiles files = new TlsFiles(path(certificate), path(key), Optional.empty());
    Path named = which.equals("key") ? path(key) : path(certificate);

    assertThatThrownBy(() -> ServerTls.load(files))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot use TLS " + which + " file " + named + ": " + why)
        .hasMessageNotContaining("\n");
  }

  @Test
  void aKeyInAFormOpensslAlsoWritesIsRefusedWithTheCommandThatConvertsIt() {
    Path pkcs1 = file("server-rsa-key-pkcs1.pem");

    assertThatThrownBy(() -> ServerTls.load(new TlsFiles(file("server-rsa.pem"), pkcs1, Optional.empty())))
        .hasMessageEndingWith(", which Signpost cannot read; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt"
            + " -in " + pkcs1 + " -out key.pem");
  }

  @Test
  void anUnusableClientCaIsNamed() throws IOException {
    Path empty = Files.writeString(dir.resolve("ca.pem"), "");
    Path directory = Files.createDirectory(dir.resolve("a-directory"));

    assertThatThrownBy(() -> ServerTls.load(new TlsFiles(file("server.pem"), file("server-key.pem"),
        Optional.of(empty)))).hasMessage("cannot use TLS client CA file " + empty + ": not a PEM file (no -----BEGIN"
        + " ...----- line)");
    assertThatThrownBy(() -> ServerTls.load(new TlsFiles(file("server.pem"), file("server-key.pem"),
        Optional.of(directory)))).hasMessageStartingWith("cannot use TLS client CA file " + directory + ": ");
  }

  @Test
  void aReloadServesTheNewFilesAndAFailedOneKeepsWhatWasServed() throws IOException {
    Path certificate = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TlsFixtures.copy("server.pem", certificate);
    TlsFixtures.copy("server-key.pem", key);
    ServerTls tls = ServerTls.load(new TlsFiles(certificate, key, Optional.empty()));
    assertThat(tls.certificate().getSerialNumber()).isEqualTo(TlsFixtures.SERVER_SERIAL);

    TlsFixtures.copy("server2.pem", certificate);
    TlsFixtures.copy("server2-key.pem", key);
    assertThat(tls.reload()).contains("serial 1002");
    assertThat(tls.certificate().getSerialNumber()).isEqualTo(TlsFixtures.SERVER2_SERIAL);

    TlsFixtures.copy("server.pem", certificate); // the key of server2 no longer matches
    assertThatThrownBy(tls::reload).hasMessageContaining("it is not the key of the certificate in " + certificate);
    assertThat(tls.certificate().getSerialNumber()).isEqualTo(TlsFixtures.SERVER2_SERIAL);
  }

  private Path path(String name) {
    return name.startsWith("no-such") ? dir.resolve(name) : file(name);
  }
}
