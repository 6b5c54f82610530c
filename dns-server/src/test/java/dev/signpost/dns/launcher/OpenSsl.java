package dev.signpost.dns.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the {@code openssl} command, as an operator makes them, for the end-to-end TLS
 * tests: a CA, and server and client certificates it signs, each {@code NAME.pem} with its key in
 * {@code NAME-key.pem} (EC P-256, PKCS#8). Works with OpenSSL 1.1.1 and 3.x.
 */
final class OpenSsl {

  private static final String CONFIG = """
      [req]
      distinguished_name = dn
      prompt = no
      [dn]
      CN = unused
      [ca]
      basicConstraints = critical, CA:TRUE
      keyUsage = critical, keyCertSign, cRLSign
      [server]
      basicConstraints = CA:FALSE
      subjectAltName = IP:127.0.0.1
      extendedKeyUsage = serverAuth
      [client]
      basicConstraints = CA:FALSE
      extendedKeyUsage = clientAuth
      """;
  private static final List<String> NEW_EC_KEY =
      List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes");

  private final Path dir;

  /** Makes a CA, {@code ca.pem}, in {@code dir}. */
  OpenSsl(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
    run(with(List.of("req", "-x509"), NEW_EC_KEY, "-config", "openssl.cnf", "-extensions", "ca", "-days", "2",
        "-subj", "/CN=Signpost IT CA", "-keyout", "ca-key.pem", "-out", "ca.pem"));
  }

  /** True when {@code openssl} runs. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** A certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) with this serial: {@code name.pem}, {@code -key.pem}. */
  Path server(String name, long serial) throws IOException, InterruptedException {
    return sign(name, serial, "server", "/CN=127.0.0.1");
  }

  /** A client certificate with this serial: {@code name.pem}, {@code name-key.pem}. */
  Path client(String name, long serial) throws IOException, InterruptedException {
    return sign(name, serial, "client", "/CN=" + name);
  }

  /** Runs openssl in the directory; fails with its output if it fails. */
  void run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
  }

  private Path sign(String name, long serial, String extensions, String subject)
      throws IOException, InterruptedException {
    run(with(List.of("req", "-new"), NEW_EC_KEY, "-config", "openssl.cnf", "-subj", subject,
        "-keyout", name + "-key.pem", "-out", name + ".csr"));
    run(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
        "-set_serial", Long.toString(serial), "-days", "2", "-extfile", "openssl.cnf", "-extensions", extensions,
        "-out", name + ".pem"));
    return file(name + ".pem");
  }

  private static List<String> with(List<String> head, List<String> middle, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(middle);
    all.addAll(List.of(tail));
    return all;
  }
}
