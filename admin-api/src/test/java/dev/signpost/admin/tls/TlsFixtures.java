package dev.signpost.admin.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The checked-in certificates of {@code src/test/resources/tls} (made by its {@code make-certs.sh}), and TLS
 * clients built from them: a CA, two server certificates for 127.0.0.1 (serials 1001 and 1002 in hex), a
 * client certificate signed by the CA and one signed by a CA nobody trusts.
 */
public final class TlsFixtures {

  public static final BigInteger SERVER_SERIAL = BigInteger.valueOf(0x1001);
  public static final BigInteger SERVER2_SERIAL = BigInteger.valueOf(0x1002);
  private static final char[] PASSWORD = "test".toCharArray();

  private TlsFixtures() {}

  /** A fixture file, read where it lies. */
  public static Path file(String name) {
    URL url = TlsFixtures.class.getResource("/tls/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no TLS fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a fixture over {@code target}, as an operator replaces a certificate. */
  public static void copy(String name, Path target) {
    try {
      Files.copy(file(name), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server certificate and key (serial 1001), with or without the CA for client certificates. */
  public static TlsFiles serverFiles(boolean clientCa) {
    return new TlsFiles(file("server.pem"), file("server-key.pem"),
        clientCa ? Optional.of(file("ca.pem")) : Optional.empty());
  }

  /** A client trusting {@code trustedCa}, presenting {@code clientName}.pem (key in -key.pem) if a name is given. */
  public static SSLContext client(String trustedCa, String clientName) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", PemFiles.certificates(file(trustedCa), "CA").get(0));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (clientName != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<X509Certificate> chain = PemFiles.certificates(file(clientName + ".pem"), "client certificate");
        keys.setKeyEntry("client", PemFiles.privateKey(file(clientName + "-key.pem"), "client key"), PASSWORD,
            chain.toArray(X509Certificate[]::new));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS connection to {@code server}, handshake done. */
  public static SSLSocket connect(SSLContext client, InetSocketAddress server) throws IOException {
    SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(server.getAddress(), server.getPort());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  /** The serial of the certificate the server presented on this connection. */
  public static BigInteger servedSerial(SSLSocket socket) throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }
}
