package dev.signpost.cluster.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The etcd processes this JVM started and has not yet seen end. A test that forgets to close its harness, or a
 * run stopped half-way, would otherwise leave etcd members running (holding ports and disk) after Maven exits;
 * a shutdown hook kills whatever is still here. The only static state in the harness, and only for that.
 */
final class LeftoverProcesses {

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LeftoverProcesses::killAll, "etcd-leftover-killer"));
  }

  private LeftoverProcesses() {
  }

  static void track(Process process) {
    RUNNING.add(process);
  }

  static void forget(Process process) {
    RUNNING.remove(process);
  }

  private static void killAll() {
    for (Process process : RUNNING) {
      process.destroyForcibly();
    }
  }
}
