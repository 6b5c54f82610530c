package dev.signpost.admin.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The API's TLS: the certificate, key and client CA read from their {@link TlsFiles}, TLS 1.2 and 1.3 only,
 * with the JDK's provider. Each new connection gets an {@link SslHandler} from the context current when it
 * is accepted, so {@link #reload} changes what new connections see and leaves open ones alone; a reload that
 * fails keeps the current context.
 *
 * <p>Thread-safe: connections read the context from their event loops, a reload (SIGHUP) replaces it from
 * another thread.
 */
public final class ServerTls {

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final TlsFiles files;
  private volatile Loaded current;

  private ServerTls(TlsFiles files, Loaded loaded) {
    this.files = files;
    this.current = loaded;
  }

  /**
   * Reads the files and sets up TLS.
   *
   * @throws IllegalArgumentException one line naming the file at fault and what is wrong with it
   */
  public static ServerTls load(TlsFiles files) {
    Objects.requireNonNull(files, "files");
    return new ServerTls(files, read(files));
  }

  /**
   * Reads the files again; connections accepted from now on use what they hold.
   *
   * @return what is served now, in one line
   * @throws IllegalArgumentException as {@link #load}; what was served before is served still
   */
  public synchronized String reload() {
    Loaded fresh = read(files);
    current = fresh;
    return fresh.description();
  }

  /** The handler for a connection accepted now. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    SslHandler handler = current.context().newHandler(alloc);
    // Off: the connection's request and idle timeouts bound the handshake, as they bound a request.
    handler.setHandshakeTimeoutMillis(0);
    return handler;
  }

  /** The certificate served to new connections, and whether clients need one, in one line. */
  public String description() {
    return current.description();
  }

  /** The certificate new connections are served. */
  public X509Certificate certificate() {
    return current.certificate();
  }

  private static Loaded read(TlsFiles files) {
    List<X509Certificate> chain = PemFiles.certificates(files.certificate(), "TLS certificate file");
    PrivateKey key = PemFiles.privateKey(files.key(), "TLS key file");
    PemFiles.requirePair(key, files.key(), chain.get(0), files.certificate());
    Optional<List<X509Certificate>> clientCas =
        files.clientCa().map(ca -> PemFiles.certificates(ca, "TLS client CA file"));
    SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS);
    clientCas.ifPresent(cas -> builder.trustManager(cas.toArray(X509Certificate[]::new))
        .clientAuth(ClientAuth.REQUIRE));
    SslContext context;
    try {
      context = builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use TLS certificate file " + files.certificate() + " with key file "
          + files.key() + ": " + e.getMessage(), e);
    }
    return new Loaded(context, chain.get(0), describe(chain.get(0), clientCas, files.clientCa()));
  }

  private static String describe(X509Certificate certificate, Optional<List<X509Certificate>> clientCas,
      Optional<Path> clientCaFile) {
    String served = "certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
        + certificate.getSerialNumber().toString(16) + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    if (clientCas.isEmpty()) {
      return served + ", no client certificates asked for";
    }
    return served + ", client certificates required, signed by " + clientCas.get().size() + " CA(s) of "
        + clientCaFile.orElseThrow();
  }

  private record Loaded(SslContext context, X509Certificate certificate, String description) {}
}
