package dev.signpost.cluster.testing;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * A real etcd cluster of several members on loopback, each an {@link EtcdProcess} in its own directory under one
 * root. Tests kill and restart members to see Signpost ride out a lost member, and stop and start them all to see
 * it ride out etcd going away and coming back with its data.
 */
public final class EtcdCluster implements AutoCloseable {

  private static final long CLIENT_BOUND_SECONDS = 10;

  private final Path dir;
  private final List<EtcdProcess> members;

  private EtcdCluster(Path dir, List<EtcdProcess> members) {
    this.dir = dir;
    this.members = members;
  }

  /**
   * A new cluster of {@code size} members (3 tolerates losing one) in {@code dir/m0, dir/m1, ...}, returned once
   * every member is healthy; skips the calling test where etcd is not installed.
   */
  public static EtcdCluster start(Path dir, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("an etcd cluster needs at least one member, not " + size);
    }
    List<Path> dirs = IntStream.range(0, size).mapToObj(i -> dir.resolve("m" + i)).toList();
    return new EtcdCluster(dir, EtcdStarter.startNewCluster(dirs));
  }

  public int size() {
    return members.size();
  }

  /** Every member's client URL, running or not, in member order: what a client should be given. */
  public List<String> clientUrls() {
    return members.stream().map(EtcdProcess::clientUrl).toList();
  }

  public EtcdProcess member(int i) {
    return members.get(i);
  }

  /** SIGKILLs member {@code i}; the others keep serving while a majority runs. */
  public void killMember(int i) {
    member(i).kill();
  }

  /** Starts member {@code i} again with its data and waits until it is healthy (a majority must be running). */
  public void restartMember(int i) {
    member(i).restart();
  }

  /** Stops every member (SIGTERM), keeping their data: etcd is gone until {@link #startAll()}. */
  public void stopAll() {
    members.forEach(EtcdProcess::stop);
  }

  /** Starts every member not running, together, with its data, and waits until all are healthy. */
  public void startAll() {
    EtcdStarter.startTogether(members);
  }

  /**
   * Compacts etcd's history at the current revision and returns it: a watch from an earlier revision then fails
   * with jetcd's {@code CompactedException}, as a watcher that fell behind a compaction does.
   */
  public long compact() {
    return EtcdSupport.compactAtCurrentRevision(runningClientUrls());
  }

  /** The index of the member that is the Raft leader now, as the running members report it. */
  public int leaderIndex() {
    try (Client client = Client.builder().endpoints(runningClientUrls().toArray(String[]::new)).build()) {
      for (int i = 0; i < members.size(); i++) {
        if (member(i).isAlive()) {
          StatusResponse status = client.getMaintenanceClient().statusMember(member(i).clientUrl())
              .get(CLIENT_BOUND_SECONDS, TimeUnit.SECONDS);
          if (status.getLeader() == status.getHeader().getMemberId()) {
            return i;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking etcd for its leader", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not ask " + this + " for its leader", e);
    }
    throw new IllegalStateException("no running member of " + this + " is the leader");
  }

  /** Kills every member and deletes the cluster's directory. */
  @Override
  public void close() {
    RuntimeException failed = null;
    for (EtcdProcess member : members) {
      try {
        member.kill();
      } catch (RuntimeException e) { // Still try the others; the shutdown hook is the last resort.
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
    EtcdSupport.deleteRecursively(dir);
  }

  @Override
  public String toString() {
    return "etcd cluster " + members;
  }

  private List<String> runningClientUrls() {
    return members.stream().filter(EtcdProcess::isAlive).map(EtcdProcess::clientUrl).toList();
  }
}
