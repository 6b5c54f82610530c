package dev.signpost.zones;

import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.Tiers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * The questions nearly every client asks, answered straight into wire bytes: A and AAAA of
 * {@code <svc>.<domain>}, and SRV of it or of {@code _<svc>._tcp|_udp.<domain>}, for a service with
 * instances to serve. The records are those {@link RegistryZone#lookup} builds, in the same order and with
 * the same compression as dnsjava writes them (owners point at the question; SRV targets are written whole,
 * RFC 2782; the address records of the additional section point at the domain in the question), so both
 * paths put the same bytes on the wire. Every other question, negative answers included, is left to
 * {@link RegistryZone#lookup}.
 */
final class CommonAnswers {

  /** Where a reply's question, and so its name, starts: right after the 12-byte header. */
  static final int QUESTION_OFFSET = 12;
  private static final int COMPRESSION_POINTER = 0xC000;
  /** The furthest offset a compression pointer reaches (14 bits). */
  private static final int MAX_POINTER = 0x3FFF;
  private static final int MAX_NAME = 255;
  private static final byte[] ADDRESS_LABEL = {4, 'a', 'd', 'd', 'r'};
  /** Up to this many records, repeated addresses are found by comparing each with those before it. */
  private static final int SCAN_LIMIT = 16;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final RecordFactory records;
  private final NamingScheme naming;
  private final ZoneView view;
  private final ServiceDiscovery discovery;
  /** The domain in wire form, spelled as configured: the end of every SRV target. */
  private final byte[] domainWire;

  CommonAnswers(RecordFactory records, ZoneView view, ServiceDiscovery discovery) {
    this.records = records;
    this.naming = records.naming();
    this.view = view;
    this.discovery = discovery;
    this.domainWire = naming.domain().toWire();
  }

  /**
   * Writes the answer and additional records of the reply to a question into {@code out}, which holds the
   * reply's header and question already (the question's name at {@value #QUESTION_OFFSET}).
   *
   * @param wire the query's bytes; its question's name lies between {@code nameStart} and {@code nameEnd}
   * @return the record counts, or null when this is not a common question with a positive answer; {@code out}
   *     is then to be discarded
   */
  EncodedAnswer encode(byte[] wire, int nameStart, int nameEnd, int qtype, Client client, WireOutput out) {
    if (qtype != Type.A && qtype != Type.AAAA && qtype != Type.SRV) {
      return null;
    }
    NameForm form = naming.commonForm(wire, nameStart, nameEnd);
    String service;
    if (form instanceof NameForm.Service s) {
      service = s.service();
    } else if (form instanceof NameForm.RfcService r && qtype == Type.SRV) {
      service = r.service();
    } else {
      return null;
    }
    ServiceEntry entry = view.current().service(service);
    List<Instance> served = entry == null ? List.of() : entry.servedWith(List.of());
    if (served.isEmpty()) {
      return null;
    }
    ServicePolicy policy = discovery.policy(service);
    long ttl = Answers.ttl(policy, entry, records.ttl());
    List<Instance> ordered = discovery.arrange(policy, served, client);
    int domainInQuestion = QUESTION_OFFSET + (nameEnd - nameStart) - domainWire.length;
    byte[][] ips = new byte[ordered.size()][];
    for (int k = 0; k < ips.length; k++) {
      ips[k] = entry.servedIp(ordered.get(k));
    }
    return qtype == Type.SRV ? srv(ordered, ips, ttl, client, domainInQuestion, out)
        : addresses(ips, qtype, ttl, out);
  }

  /** @param ips the instances' addresses, in answer order; null for a host name */
  private static EncodedAnswer addresses(byte[][] ips, int qtype, long ttl, WireOutput out) {
    int length = qtype == Type.A ? 4 : 16;
    boolean[] repeated = repeats(ips);
    int count = 0;
    for (int k = 0; k < ips.length; k++) {
      // Two instances on one address give one record (RFC 2181 5).
      if (ips[k] != null && ips[k].length == length && !repeated[k]) {
        header(out, COMPRESSION_POINTER | QUESTION_OFFSET, qtype, ttl, length);
        out.bytes(ips[k], 0, length);
        count++;
      }
    }
    return count == 0 ? null : new EncodedAnswer(count, 0); // no address of that family: NODATA
  }

  /**
   * One SRV per instance, then each distinct target's address record; null when a target is a host name or
   * would pass 255 bytes (a very long domain), which the general path deals with.
   */
  private EncodedAnswer srv(List<Instance> ordered, byte[][] ips, long ttl, Client client, int domainInQuestion,
      WireOutput out) {
    for (int k = 0; k < ordered.size(); k++) {
      Instance i = ordered.get(k);
      byte[] ip = ips[k];
      int target = 1 + 2 * (ip == null ? 0 : ip.length) + ADDRESS_LABEL.length + domainWire.length;
      if (ip == null || target > MAX_NAME || out.overflowed()) {
        return null;
      }
      header(out, COMPRESSION_POINTER | QUESTION_OFFSET, Type.SRV, ttl, 6 + target);
      out.u16(Tiers.priority(i, client));
      out.u16(Math.max(1, i.currentWeight()));
      out.u16(i.port());
      hexLabel(out, ip);
      out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
      out.bytes(domainWire, 0, domainWire.length);
    }
    if (out.overflowed()) {
      return null;
    }
    boolean[] repeated = repeats(ips);
    int additional = 0;
    // As dnsjava compresses: the first owner ends in addr + a pointer to the domain in the question, later
    // ones in a pointer to that first addr.<domain>, when it starts where a pointer can reach.
    int addressParent = -1;
    for (int k = 0; k < ips.length; k++) {
      if (!repeated[k]) {
        byte[] ip = ips[k];
        hexLabel(out, ip);
        if (addressParent < 0) {
          int here = out.position();
          out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
          out.u16(COMPRESSION_POINTER | domainInQuestion);
          addressParent = here <= MAX_POINTER ? here : Integer.MAX_VALUE;
        } else if (addressParent != Integer.MAX_VALUE) {
          out.u16(COMPRESSION_POINTER | addressParent);
        } else {
          out.bytes(ADDRESS_LABEL, 0, ADDRESS_LABEL.length);
          out.u16(COMPRESSION_POINTER | domainInQuestion);
        }
        fixed(out, ip.length == 4 ? Type.A : Type.AAAA, ttl, ip.length);
        out.bytes(ip, 0, ip.length);
        additional++;
      }
    }
    return new EncodedAnswer(ordered.size(), additional);
  }

  /**
   * Whether each address came earlier in the list: its record is then in the additional section already.
   * A linear scan for the few records a UDP reply holds, a hash set for long TCP answers.
   */
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

  private static void hexLabel(WireOutput out, byte[] ip) {
    out.u8(2 * ip.length);
    for (byte b : ip) {
      out.u8(HEX[(b >>> 4) & 0xF]);
      out.u8(HEX[b & 0xF]);
    }
  }

  private static void header(WireOutput out, int ownerPointer, int type, long ttl, int rdataLength) {
    out.u16(ownerPointer);
    fixed(out, type, ttl, rdataLength);
  }

  /** What follows a record's owner: type, class, TTL and the length of its data. */
  private static void fixed(WireOutput out, int type, long ttl, int rdataLength) {
    out.u16(type);
    out.u16(DClass.IN);
    out.u32(ttl);
    out.u16(rdataLength);
  }
}
