package dev.signpost.cluster;

import dev.signpost.core.TimeSource;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's nodes, as etcd knows them. This node announces itself under {@code nodes/<name>} with a
 * lease of {@code --etcd-lease-ttl}, kept alive every third of it; if the lease is lost (etcd was
 * unreachable longer than its TTL), it announces itself again under a new one. A node that stops keeping its
 * lease alive (killed, cut off) disappears from etcd once the lease expires; every node reads the list once a
 * second and shows such a node as failed for {@link #FORGET_FAILED_AFTER}, then forgets it.
 *
 * <p>Reading the list (instead of watching it) costs one small request a second and needs no resumption
 * after etcd restarts or compacts. While etcd is unreachable the last list read stays.
 *
 * <p>Threads: {@code signpost-etcd-members} keeps the lease and reads the list; listeners run on it.
 */
public final class EtcdMembership implements Membership, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EtcdMembership.class.getName());
  static final Duration FORGET_FAILED_AFTER = Duration.ofHours(1);

  private final Client client;
  private final EtcdKeys keys;
  private volatile Member self;
  private final Duration leaseTtl;
  private final Duration timeout;
  private final TimeSource time;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(EtcdStore.daemon("signpost-etcd-members"));
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile List<Member> members;
  /** Name → when it was last seen alive, for the failed ones; membership thread only. */
  private final Map<String, Member> failed = new HashMap<>();
  private final Map<String, Instant> failedSince = new HashMap<>();
  private volatile long lease;

  /**
   * A membership for the node {@code name}; it announces itself from {@link #start} on, once it knows the
   * address its HTTP API is reached at.
   */
  public EtcdMembership(Client client, String prefix, String name, String datacenter, Duration leaseTtl,
      Duration timeout, TimeSource time) {
    this.client = client;
    this.keys = new EtcdKeys(prefix);
    this.self = new Member(name, "", 0, datacenter, false);
    this.leaseTtl = leaseTtl;
    this.timeout = timeout;
    this.time = time;
    this.members = List.of(self);
  }

  /**
   * Announces this node as reachable at {@code address}:{@code httpPort} (or tries to, and keeps trying while
   * etcd is unreachable), and starts following the list.
   */
  public void start(String address, int httpPort) {
    self = new Member(self.name(), address, httpPort, self.datacenter(), true);
    thread.execute(this::announce);
    long keepAlive = Math.max(100, leaseTtl.toMillis() / 3);
    thread.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(this::refresh, 0, 1000, TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the list once, now, waiting at most 2 s: a node about to start its health checks learns who else
   * runs them first, rather than running every check until its first read a second later.
   */
  public void readNow() {
    try {
      thread.submit(this::refresh).get(Math.min(timeout.toMillis(), 2000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "node list not read: " + e.getMessage());
    }
  }

  @Override
  public Member self() {
    return self;
  }

  @Override
  public List<Member> members() {
    return members;
  }

  @Override
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /** This node's lease in etcd (0 before the first announcement): keys that must vanish with the node use it. */
  long lease() {
    return lease;
  }

  private void announce() {
    try {
      long granted = client.getLeaseClient().grant(Math.max(1, leaseTtl.toSeconds()))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getID();
      client.getKVClient().put(keys.node(self.name()), encode(self), PutOption.builder().withLeaseId(granted).build())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (lease != 0) {
        LOG.log(Level.INFO, "node " + self.name() + " announced itself again under a new lease");
      }
      lease = granted;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "node not announced yet: " + e.getMessage());
    }
  }

  private void keepAlive() {
    if (lease == 0) {
      announce();
      return;
    }
    try {
      LeaseKeepAliveResponse kept = client.getLeaseClient().keepAliveOnce(lease)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (kept.getTTL() <= 0) {
        announce();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Unreachable, or the lease expired meanwhile ("requested lease not found"): a new one either way.
      announce();
    }
  }

  private void refresh() {
    List<KeyValue> alive;
    try {
      alive = client.getKVClient().get(keys.nodes(), GetOption.builder().isPrefix(true).build())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      return; // the last list read stays while etcd is unreachable
    }
    Map<String, Member> now = new HashMap<>();
    for (KeyValue kv : alive) {
      String name = EtcdKeys.after(keys.nodes(), kv.getKey());
      Member member = decode(name, kv.getValue());
      if (member != null) {
        now.put(name, member);
      }
    }
    Instant at = time.now();
    for (Member before : members) {
      if (!now.containsKey(before.name()) && before.alive()) {
        failed.put(before.name(), before.failed());
        failedSince.put(before.name(), at);
        LOG.log(Level.WARNING, "node " + before.name() + " (" + before.address() + ") left: its lease expired");
      }
    }
    failedSince.entrySet().removeIf(e -> now.containsKey(e.getKey())
        || e.getValue().plus(FORGET_FAILED_AFTER).isBefore(at));
    failed.keySet().retainAll(failedSince.keySet());
    List<Member> list = new ArrayList<>(now.values());
    list.addAll(failed.values());
    if (!now.containsKey(self.name())) {
      list.add(self.failed()); // not announced (yet, or any more): shown, but not alive
    }
    list.sort(Comparator.comparing(Member::name));
    if (!list.equals(members)) {
      members = List.copyOf(list);
      listeners.forEach(Runnable::run);
    }
  }

  static ByteSequence encode(Member member) {
    return EtcdKeys.bytes(member.address() + "\n" + member.httpPort() + "\n" + member.datacenter());
  }

  private static Member decode(String name, ByteSequence value) {
    String[] parts = value.toString(StandardCharsets.UTF_8).split("\n", -1);
    try {
      return new Member(name, parts[0], Integer.parseInt(parts[1]), parts[2], true);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ignored node entry " + name + ": not address, port and datacenter");
      return null;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
      if (lease != 0) {
        // Leave at once rather than after the TTL: the others take over this node's checks now.
        // Briefly: a node stopping while etcd is gone must not wait out the timeout; its lease expires anyway.
        client.getLeaseClient().revoke(lease).get(Math.min(timeout.toMillis(), 2000), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "lease not revoked: " + e.getMessage());
    }
  }
}
