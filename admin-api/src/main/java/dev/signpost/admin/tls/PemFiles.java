package dev.signpost.admin.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys read from PEM files with the JDK alone, each failure one line that names
 * the file and says what is wrong with it (Netty's own reader says "could not find key file" for a file it
 * may not read, and cannot tell which of two files it failed on). Keys are unencrypted PKCS#8, as
 * {@code openssl req -newkey} and {@code openssl genpkey} write them; the older forms {@code openssl}
 * also writes (PKCS#1 RSA, SEC1 EC, encrypted) are refused with the command that converts them, since
 * neither the JDK nor Netty reads them without BouncyCastle.
 */
final class PemFiles {

  /** Far more than any certificate chain; a larger file is not what was meant (a device, a log). */
  static final int MAX_BYTES = 1 << 20;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

  private PemFiles() {}

  /**
   * Every {@code CERTIFICATE} block of the file, in order; other blocks are skipped.
   *
   * @param what the file's role, for messages: {@code "TLS certificate file"}
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
   */
  static List<X509Certificate> certificates(Path file, String what) {
    List<Block> blocks = blocks(file, what);
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK cannot read X.509 certificates", e);
    }
    for (Block block : blocks) {
      if (!block.label().equals("CERTIFICATE")) {
        continue;
      }
      try (InputStream der = new ByteArrayInputStream(block.der(file, what))) {
        certificates.add((X509Certificate) factory.generateCertificate(der));
      } catch (CertificateException | IOException e) {
        throw problem(what, file, "certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate: "
            + e.getMessage());
      }
    }
    if (certificates.isEmpty()) {
      boolean key = blocks.stream().anyMatch(b -> b.label().endsWith("PRIVATE KEY"));
      throw problem(what, file, key ? "it holds a private key, not a certificate"
          : "no certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    return List.copyOf(certificates);
  }

  /**
   * The file's first private key.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no usable key; for the
   *     forms Signpost does not read, the message gives the {@code openssl} command that converts the key
   */
  static PrivateKey privateKey(Path file, String what) {
    List<Block> blocks = blocks(file, what);
    Block key = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).findFirst().orElse(null);
    if (key == null) {
      boolean certificate = blocks.stream().anyMatch(b -> b.label().equals("CERTIFICATE"));
      throw problem(what, file, certificate ? "it holds a certificate, not a private key"
          : "no private key in it (expected -----BEGIN PRIVATE KEY-----)");
    }
    String convert = ", which Signpost cannot read; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
        + file + " -out key.pem";
    switch (key.label()) {
      case "PRIVATE KEY":
        break;
      case "RSA PRIVATE KEY":
        throw problem(what, file, "a PKCS#1 RSA key (-----BEGIN RSA PRIVATE KEY-----)" + convert);
      case "EC PRIVATE KEY":
        throw problem(what, file, "an SEC1 EC key (-----BEGIN EC PRIVATE KEY-----)" + convert);
      case "ENCRYPTED PRIVATE KEY":
        throw problem(what, file, "an encrypted key" + convert);
      default:
        throw problem(what, file, "a key in the form -----BEGIN " + key.label() + "-----" + convert);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(key.der(file, what));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm's key (or an algorithm this JDK lacks): try the next
      }
    }
    throw problem(what, file, "not an RSA, EC or Ed25519 private key in PKCS#8 form");
  }

  /**
   * Fails unless {@code key} is the private key of {@code certificate}'s public key: a mismatch would
   * otherwise show only as every client's handshake failing.
   */
  static void requirePair(PrivateKey key, Path keyFile, X509Certificate certificate, Path certificateFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519" -> "Ed25519";
      default -> null; // RSASSA-PSS and others: the handshake will tell
    };
    if (algorithm == null) {
      return;
    }
    byte[] probe = "signpost".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's: not its key
    }
    throw problem("TLS key file", keyFile, "it is not the key of the certificate in " + certificateFile);
  }

  static IllegalArgumentException problem(String what, Path file, String why) {
    return new IllegalArgumentException("cannot use " + what + " " + file + ": " + why);
  }

  private static List<Block> blocks(Path file, String what) {
    String text = new String(read(file, what), StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2)));
    }
    if (blocks.isEmpty()) {
      throw problem(what, file, "not a PEM file (no -----BEGIN ...----- line)");
    }
    return blocks;
  }

  private static byte[] read(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw problem(what, file, "larger than " + (MAX_BYTES >> 20) + " MiB, not a PEM file");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw problem(what, file, "no such file");
    } catch (AccessDeniedException e) {
      throw problem(what, file, "permission denied");
    } catch (IOException e) {
      throw problem(what, file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** One {@code -----BEGIN label-----} ... {@code -----END label-----} block. */
  private record Block(String label, String body) {

    byte[] der(Path file, String what) {
      if (body.contains(":")) {
        // RFC 1421 headers, such as openssl's old "Proc-Type: 4,ENCRYPTED"
        throw problem(what, file, "its " + label + " block has headers (is it encrypted?); Signpost reads "
            + "unencrypted PEM");
      }
      try {
        return Base64.getMimeDecoder().decode(body.strip());
      } catch (IllegalArgumentException e) {
        throw problem(what, file, "its " + label + " block is not valid base64");
      }
    }
  }
}
