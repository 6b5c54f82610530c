package dev.signpost.core.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small volume for disk-full tests: a tmpfs of a given size mounted on a directory (which needs
 * root, or CAP_SYS_ADMIN). Where it cannot be mounted the test is skipped with the reason.
 */
final class SmallVolume implements AutoCloseable {

  private final Path dir;

  private SmallVolume(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code bytes} on {@code dir}, or aborts the calling test saying why not. */
  static SmallVolume mount(Path dir, long bytes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String failed = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()));
    Assumptions.assumeTrue(failed == null, () -> "skipped: cannot mount a small tmpfs for a disk-full test ("
        + failed + "); run as root to include it");
    return new SmallVolume(dir);
  }

  Path dir() {
    return dir;
  }

  /** Grows (or shrinks) the volume, as an operator freeing space would. */
  void resize(long bytes) throws IOException, InterruptedException {
    String failed = run(List.of("mount", "-o", "remount,size=" + bytes, dir.toString()));
    if (failed != null) {
      throw new IOException("cannot resize " + dir + ": " + failed);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      run(List.of("umount", "-l", dir.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a command; null when it succeeded, else what it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return command.get(0) + " did not finish";
    }
    String said = new String(p.getInputStream().readAllBytes()).strip();
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + said;
  }
}
