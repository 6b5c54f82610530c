package dev.signpost.admin.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API's TLS material lives: PEM files, read when the server starts and again on each reload.
 *
 * @param certificate the server's certificate, followed by any intermediate certificates
 * @param key the certificate's private key, unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----})
 * @param clientCa when present, every client must present a certificate signed by a CA in this file
 */
public record TlsFiles(Path certificate, Path key, Optional<Path> clientCa) {

  public TlsFiles {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(clientCa, "clientCa");
  }
}
