package dev.signpost.cluster.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finding the etcd binary, and the few things the harness does with a jetcd client. A machine without etcd skips
 * the tests that need it, saying so, rather than failing them (a contributor need not install etcd to build) or
 * passing them silently (which would hide that cluster mode went untested).
 */
public final class EtcdSupport {

  /** Why a test was skipped: what is missing and where to get it. */
  public static final String NOT_INSTALLED = "etcd not installed (Debian package etcd-server); skipping";

  /** The system property that names the binary, for an etcd that is not on PATH. */
  public static final String BINARY_PROPERTY = "etcd.binary";

  private static final long CLIENT_BOUND_SECONDS = 10;

  private EtcdSupport() {
  }

  /** The etcd binary to run; aborts the calling test (a skip, not a failure) when there is none. */
  public static Path requireEtcd() {
    String property = System.getProperty(BINARY_PROPERTY);
    return require(find(property, System.getenv().getOrDefault("PATH", "")), property);
  }

  /** Whether etcd is there, for a test that wants to decide for itself. */
  public static boolean etcdInstalled() {
    return find(System.getProperty(BINARY_PROPERTY), System.getenv().getOrDefault("PATH", "")).isPresent();
  }

  static Path require(Optional<Path> binary, String property) {
    Assumptions.assumeTrue(binary.isPresent(), () -> property == null || property.isBlank() ? NOT_INSTALLED
        : NOT_INSTALLED + " (" + BINARY_PROPERTY + "=" + property + " is not an executable file)");
    return binary.orElseThrow();
  }

  /**
   * The binary named by {@code property} when set (and only there: a wrong setting should not quietly fall back
   * to another etcd), else the first executable {@code etcd} in {@code path}.
   */
  static Optional<Path> find(String property, String path) {
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property)).filter(Files::isExecutable);
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "etcd"))
        .filter(Files::isRegularFile)
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Compacts etcd's history at its current revision and returns that revision: a watch from any earlier revision
   * then fails with jetcd's {@code CompactedException}. Physical, so the compaction is done when this returns.
   */
  static long compactAtCurrentRevision(List<String> clientUrls) {
    try (Client client = Client.builder().endpoints(clientUrls.toArray(String[]::new)).build()) {
      ByteSequence probe = ByteSequence.from("signpost-test/compaction-probe", StandardCharsets.UTF_8);
      long revision = client.getKVClient().get(probe)
          .get(CLIENT_BOUND_SECONDS, TimeUnit.SECONDS).getHeader().getRevision();
      client.getKVClient().compact(revision, CompactOption.builder().withCompactPhysical(true).build())
          .get(CLIENT_BOUND_SECONDS, TimeUnit.SECONDS);
      return revision;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compacting etcd", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not compact etcd at " + clientUrls, e);
    }
  }

  /** Deletes a directory and everything in it; nothing when it is already gone. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }
}
