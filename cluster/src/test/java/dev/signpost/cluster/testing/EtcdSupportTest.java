package dev.signpost.cluster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Finding etcd, and skipping (never passing) where it is missing; runs with or without etcd installed. */
class EtcdSupportTest {

  @TempDir
  Path dir;

  @Test
  void withoutEtcdTheTestIsSkippedSayingWhatToInstall() {
    assertThatThrownBy(() -> EtcdSupport.require(Optional.empty(), null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("etcd not installed (Debian package etcd-server); skipping");
  }

  @Test
  void aWrongEtcdBinaryPropertyIsNamedInTheSkipMessage() {
    assertThatThrownBy(() -> EtcdSupport.require(Optional.empty(), "/nowhere/etcd"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(EtcdSupport.NOT_INSTALLED)
        .hasMessageContaining("etcd.binary=/nowhere/etcd");
  }

  @Test
  void theFirstExecutableEtcdOnThePathIsFound() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path etcd = executable(bin.resolve("etcd"));

    assertThat(EtcdSupport.find(null, empty + ":" + bin)).contains(etcd);
    assertThat(EtcdSupport.find("", empty.toString())).isEmpty();
  }

  @Test
  void thePropertyWinsOverThePathAndDoesNotFallBackToIt() throws IOException {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    executable(bin.resolve("etcd"));
    Path chosen = executable(dir.resolve("my-etcd"));

    assertThat(EtcdSupport.find(chosen.toString(), bin.toString())).contains(chosen);
    assertThat(EtcdSupport.find(dir.resolve("missing").toString(), bin.toString())).isEmpty();
  }

  private static Path executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
    return file;
  }
}
