package dev.signpost.zones;

import dev.signpost.balance.Client;
import dev.signpost.balance.Tiers;
import dev.signpost.core.Instance;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A positive answer listing a service's instances, decided once for both renderings: which instances, in
 * the order the service's strategy gave this client (tiers and answer limit applied), their addresses, SRV
 * priorities, weights and targets, which addresses (or SRV targets) repeat an earlier one, and the TTL. {@link RecordRenderer} writes it
 * as dnsjava records, {@link WireRenderer} as bytes; neither decides anything the plan has not. Built on the
 * query's thread, used once, never shared.
 */
public final class AnswerPlan implements LookupResult {

  /** Up to this many records, repeated addresses are found by comparing each with those before it. */
  private static final int SCAN_LIMIT = 16;

  private final boolean srv;
  private final int qtype;
  private final List<Instance> instances;
  private final byte[][] ips;
  /** For address records: whether each address came earlier; null for SRV. */
  private final boolean[] repeated;
  /** For SRV: the first label of each instance's target in wire form (null for a host name); else null. */
  private final byte[][] targets;
  /** For SRV: whether each target (address and port) came earlier; null for address records. */
  private final boolean[] repeatedTargets;
  /** Who asked: the SRV priorities are the tiers of this client ({@link Tiers#priority}); null for addresses. */
  private final Client client;
  private final long ttl;
  private final List<Record> more;
  /**
   * Whether the question is a datacenter form ({@code <svc>.service.<dc>.<parent>}): its name ends in the
   * domain's parent, not in the domain the SRV targets are named under.
   */
  private final boolean datacenterForm;

  private AnswerPlan(boolean srv, int qtype, List<Instance> instances, byte[][] ips, byte[][] targets,
      Client client, long ttl, List<Record> more) {
    this.srv = srv;
    this.qtype = qtype;
    this.instances = instances;
    this.ips = ips;
    this.repeated = srv ? null : repeats(ips);
    this.targets = targets;
    this.repeatedTargets = srv ? repeats(targets) : null;
    this.client = client;
    this.ttl = ttl;
    this.more = more;
    this.datacenterForm = false;
  }

  /** The same plan, for a question in the datacenter form. */
  private AnswerPlan(AnswerPlan plan) {
    this.srv = plan.srv;
    this.qtype = plan.qtype;
    this.instances = plan.instances;
    this.ips = plan.ips;
    this.repeated = plan.repeated;
    this.targets = plan.targets;
    this.repeatedTargets = plan.repeatedTargets;
    this.client = plan.client;
    this.ttl = plan.ttl;
    this.more = plan.more;
    this.datacenterForm = true;
  }

  /**
   * The address records of {@code ordered}: A, AAAA, or both for ANY.
   *
   * @param entry the service's entry, which holds its served instances' addresses already read
   */
  static AnswerPlan addresses(int qtype, List<Instance> ordered, ServiceEntry entry, long ttl) {
    byte[][] ips = new byte[ordered.size()][];
    for (int k = 0; k < ips.length; k++) {
      Instance i = ordered.get(k);
      ips[k] = entry.servedIp(i, entry.servedIndex(i));
    }
    return new AnswerPlan(false, qtype, ordered, ips, null, null, ttl, List.of());
  }

  /**
   * One SRV record per instance of {@code ordered}, with the priority of its tier for this client.
   *
   * @param more records that follow the SRVs in the answer (the DNS-SD browse PTRs of an ANY question)
   */
  static AnswerPlan srv(List<Instance> ordered, ServiceEntry entry, Client client, long ttl, List<Record> more) {
    byte[][] ips = new byte[ordered.size()][];
    byte[][] targets = new byte[ips.length][];
    for (int k = 0; k < ips.length; k++) {
      Instance i = ordered.get(k);
      int at = entry.servedIndex(i);
      ips[k] = entry.servedIp(i, at);
      targets[k] = entry.servedTarget(i, at, ips[k]);
    }
    return new AnswerPlan(true, Type.SRV, ordered, ips, targets, client, ttl, List.copyOf(more));
  }

  /**
   * This plan for the datacenter form of its question ({@code <svc>.service.<dc>.<parent>}): the same records;
   * only where the question's bytes hold the domain's end changes, which the bytes' compression follows.
   */
  AnswerPlan inDatacenterForm() {
    return new AnswerPlan(this);
  }

  /** Whether the question is in the datacenter form: its name ends in the domain's parent, not the domain. */
  public boolean datacenterForm() {
    return datacenterForm;
  }

  /** Whether the answer is SRV records (else address records). */
  public boolean srv() {
    return srv;
  }

  /** The question's type: A, AAAA or ANY for address records, SRV for SRV records. */
  public int qtype() {
    return qtype;
  }

  public int size() {
    return instances.size();
  }

  public Instance instance(int k) {
    return instances.get(k);
  }

  /** The instance's IP address, 4 or 16 bytes; null when its address is a host name. */
  public byte[] ip(int k) {
    return ips[k];
  }

  /** The SRV priority of the instance's tier for this client: {@link Tiers#priority}. */
  public int priority(int k) {
    return Tiers.priority(instances.get(k), client);
  }

  /** The SRV weight of the instance: {@link RecordFactory#srvWeight}. */
  public int weight(int k) {
    return RecordFactory.srvWeight(instances.get(k));
  }

  /**
   * The first label of the instance's SRV target, {@code <hex-ip>-<port>}, in wire form (length byte first);
   * null when its address is a host name.
   */
  public byte[] target(int k) {
    return targets[k];
  }

  /**
   * Whether the instance's SRV target, {@code <hex-ip>-<port>.addr}, came earlier in the answer: its address
   * record is then in the additional section already. Only two instances on one address and one port share one.
   */
  public boolean repeatedTarget(int k) {
    return repeatedTargets[k];
  }

  /**
   * Whether the instance gives an address record of the asked type: an IP of that family whose address did not
   * come earlier in the answer (no duplicate records in an RRset, RFC 2181 5).
   */
  public boolean answersAddress(int k) {
    byte[] ip = ips[k];
    if (ip == null || repeated[k]) {
      return false;
    }
    return qtype == Type.ANY || ip.length == (qtype == Type.A ? 4 : 16);
  }

  /** Whether some instance gives an address record; without one an address question is answered NODATA. */
  boolean hasAddressRecords() {
    for (int k = 0; k < ips.length; k++) {
      if (answersAddress(k)) {
        return true;
      }
    }
    return false;
  }

  public long ttl() {
    return ttl;
  }

  /** Records that follow the SRVs (DNS-SD browse PTRs); empty for address answers. */
  public List<Record> more() {
    return more;
  }

  /** A linear scan for the few records a UDP reply holds, a hash set for long TCP answers. */
  private static boolean[] repeats(byte[][] ips) {
    boolean[] repeated = new boolean[ips.length];
    if (ips.length <= SCAN_LIMIT) {
      for (int k = 1; k < ips.length; k++) {
        for (int j = 0; j < k && !repeated[k]; j++) {
          repeated[k] = ips[k] != null && Arrays.equals(ips[j], ips[k]);
        }
      }
    } else {
      Set<ByteBuffer> seen = new HashSet<>();
      for (int k = 0; k < ips.length; k++) {
        repeated[k] = ips[k] != null && !seen.add(ByteBuffer.wrap(ips[k]));
      }
    }
    return repeated;
  }
}
