package dev.signpost.cluster.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starting etcd members and waiting for them, for a new cluster and for members coming back. Members are launched
 * together and awaited together: a member of a cluster is healthy only once a majority has met, so waiting for
 * one before launching the next would never end; and one that exits fails the start at once, not after the bound.
 */
final class EtcdStarter {

  /** How long members may take to report themselves healthy; a 3-member cluster takes about 1 s here. */
  static final Duration READY_BOUND = Duration.ofSeconds(20);

  /** Starts on fresh ports after losing a port to another process between picking it and etcd binding it. */
  private static final int START_ATTEMPTS = 3;

  private EtcdStarter() {
  }

  /**
   * A new cluster of one member per directory, named {@code m0, m1, ...}, started together (a member of a new
   * cluster is healthy only once a majority has met) and returned when every member is healthy.
   */
  static List<EtcdProcess> startNewCluster(List<Path> dirs) {
    Path binary = EtcdSupport.requireEtcd();
    for (int attempt = 1; ; attempt++) {
      List<Integer> ports = FreePorts.pick(2 * dirs.size());
      StringJoiner initialCluster = new StringJoiner(",");
      for (int i = 0; i < dirs.size(); i++) {
        initialCluster.add("m" + i + "=" + EtcdProcess.url(ports.get(2 * i + 1)));
      }
      String token = "signpost-test-" + UUID.randomUUID();
      List<EtcdProcess> members = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        members.add(new EtcdProcess(binary, "m" + i, dirs.get(i), ports.get(2 * i), ports.get(2 * i + 1),
            initialCluster.toString(), token));
      }
      try {
        startTogether(members);
        return members;
      } catch (RuntimeException e) {
        boolean lostAPort = members.stream().anyMatch(EtcdProcess::lostAPortRace);
        members.forEach(EtcdProcess::kill);
        if (!lostAPort || attempt == START_ATTEMPTS) {
          throw e; // The directories stay, logs included, for whoever reads the failure.
        }
        members.forEach(EtcdProcess::close);
      }
    }
  }

  /** Launches every member not running, then waits until all are healthy; fails early if one exits. */
  static void startTogether(List<EtcdProcess> members) {
    for (EtcdProcess member : members) {
      if (!member.isAlive()) {
        member.launch();
      }
    }
    try {
      await().atMost(READY_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .until(() -> allHealthy(members));
    } catch (ConditionTimeoutException e) {
      StringBuilder message = new StringBuilder("etcd did not become healthy within " + READY_BOUND.toSeconds()
          + " s");
      members.stream().filter(m -> !m.healthy()).forEach(m -> message.append(m.describeLog()));
      throw new IllegalStateException(message.toString(), e);
    }
  }

  private static boolean allHealthy(List<EtcdProcess> members) {
    for (EtcdProcess member : members) {
      if (!member.isAlive()) {
        throw new IllegalStateException("etcd member " + member.name() + " exited with status "
            + member.exitValue() + " while starting" + member.describeLog());
      }
    }
    return members.stream().allMatch(EtcdProcess::healthy);
  }
}
