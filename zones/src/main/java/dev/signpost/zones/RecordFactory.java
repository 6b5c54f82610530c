package dev.signpost.zones;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/** The one place where registry values become DNS records. */
public final class RecordFactory {

  static final long SOA_REFRESH = 3600;
  static final long SOA_RETRY = 600;
  static final long SOA_EXPIRE = 86400;
  /** The longest character-string a TXT record can hold, in bytes (RFC 1035 §3.3; RFC 6763 §6.1). */
  static final int MAX_TXT_STRING = 255;
  private static final String TAGS_KEY = "tags";

  private final ZoneConfig config;
  private final NamingScheme naming;
  private final Name nameServer;
  private final Name hostmaster;
  /** The hostmaster of the parent's zone, when we serve one; else null. */
  private final Name parentHostmaster;

  public RecordFactory(ZoneConfig config) {
    this.config = config;
    this.naming = new NamingScheme(config.domain(), config.datacenter());
    this.nameServer = naming.addressName(config.nameServer());
    this.hostmaster = Names.child(config.domain(), "hostmaster");
    this.parentHostmaster = naming.parent().map(parent -> Names.child(parent, "hostmaster")).orElse(null);
  }

  public NamingScheme naming() {
    return naming;
  }

  /** The zone's TTL for answers, in seconds. */
  public long ttl() {
    return config.ttl();
  }

  /** An A record for an IPv4 address, an AAAA record for an IPv6 one, with the zone's TTL. */
  public Record addressRecord(Name owner, InetAddress ip) {
    return addressRecord(owner, ip, config.ttl());
  }

  /** An A record for 4 bytes, an AAAA record for 16. */
  Record addressRecord(Name owner, byte[] ip, long ttl) {
    try {
      return addressRecord(owner, InetAddress.getByAddress(ip), ttl);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip.length + " bytes", e);
    }
  }

  private static Record addressRecord(Name owner, InetAddress ip, long ttl) {
    if (ip instanceof Inet4Address) {
      return new ARecord(owner, DClass.IN, ttl, ip);
    }
    return new AAAARecord(owner, DClass.IN, ttl, ip);
  }

  /**
   * The SRV record of an instance: its port, and a target that resolves to its address:
   * {@code <hex-ip>-<port>.addr.<domain>} for an IP address ({@link NamingScheme#addressName(byte[], int)}),
   * whose A or AAAA record is then added to {@code additional}; the host name itself otherwise (it resolves
   * elsewhere). The address is parsed, and the target named, once for both records.
   */
  public SRVRecord srv(Name owner, Instance instance, int priority, long ttl, Collection<Record> additional) {
    byte[] ip = Addresses.ipBytes(instance.address());
    Name target = ip != null ? naming.addressName(ip, instance.port()) : Names.absolute(instance.address());
    if (ip != null) {
      additional.add(addressRecord(target, ip, ttl));
    }
    return srv(owner, priority, srvWeight(instance), instance.port(), target, ttl);
  }

  SRVRecord srv(Name owner, int priority, int weight, int port, Name target, long ttl) {
    return new SRVRecord(owner, DClass.IN, ttl, priority, weight, port, target);
  }

  /**
   * The SRV weight of an instance: its current weight, but at least 1. RFC 2782 gives weight 0 to targets
   * that are picked only when no other has a weight, which would starve an instance the registry serves.
   */
  public static int srvWeight(Instance instance) {
    return Math.max(1, instance.currentWeight());
  }

  /** A PTR record: a DNS-SD browse or type enumeration entry, or a reverse-lookup answer. */
  public Record ptr(Name owner, Name target, long ttl) {
    return new PTRRecord(owner, DClass.IN, ttl, target);
  }

  /**
   * The DNS-SD TXT record of an instance (RFC 6763 §6): one string {@code key=value} per Meta entry, in
   * registration order, then {@code tags=a,b} when the instance has tags, unless Meta has a key
   * {@code tags} of its own (a client reads only the first of two equal keys, §6.4, so ours would be
   * dead weight). An instance with neither has one empty string, as §6.1 requires.
   *
   * <p>Built from wire bytes: dnsjava's string constructor would read backslashes in values as escapes.
   */
  public Record txt(Name owner, Instance instance, long ttl) {
    DNSOutput out = new DNSOutput();
    txtStrings(instance).forEach(out::writeCountedString);
    return Record.newRecord(owner, Type.TXT, DClass.IN, ttl, out.toByteArray());
  }

  /**
   * The TXT strings of an instance, each at most {@value #MAX_TXT_STRING} bytes of UTF-8. A longer
   * {@code key=value} keeps its key (at most 128 ASCII characters, so it always fits) and loses the end of
   * its value, cut before the first character that would not fit whole; {@code tags=} keeps the whole
   * tags that fit and drops the rest.
   */
  static List<byte[]> txtStrings(Instance instance) {
    List<byte[]> strings = new ArrayList<>(instance.meta().size() + 1);
    boolean metaHasTags = false;
    for (Map.Entry<String, String> e : instance.meta().entrySet()) {
      strings.add(cut((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8)));
      metaHasTags |= e.getKey().equalsIgnoreCase(TAGS_KEY);
    }
    if (!instance.tags().isEmpty() && !metaHasTags) {
      strings.add(tagsString(instance.tags()));
    }
    if (strings.isEmpty()) {
      strings.add(new byte[0]);
    }
    return strings;
  }

  private static byte[] tagsString(List<String> tags) {
    StringBuilder joined = new StringBuilder(TAGS_KEY).append('=');
    int bytes = joined.length();
    for (String tag : tags) {
      int more = (bytes > TAGS_KEY.length() + 1 ? 1 : 0) + tag.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + more > MAX_TXT_STRING) {
        break;
      }
      joined.append(bytes > TAGS_KEY.length() + 1 ? "," : "").append(tag);
      bytes += more;
    }
    // A first tag too long to fit whole is cut like a Meta value rather than dropped.
    return bytes > TAGS_KEY.length() + 1 ? joined.toString().getBytes(StandardCharsets.UTF_8)
        : cut((TAGS_KEY + "=" + tags.get(0)).getBytes(StandardCharsets.UTF_8));
  }

  /** At most {@value #MAX_TXT_STRING} bytes, never splitting a UTF-8 character. */
  private static byte[] cut(byte[] utf8) {
    if (utf8.length <= MAX_TXT_STRING) {
      return utf8;
    }
    int end = MAX_TXT_STRING;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--; // utf8[end] continues a character that began earlier: cut before that character
    }
    return Arrays.copyOf(utf8, end);
  }

  public SOARecord soa(long serial) {
    return soa(serial, config.ttl());
  }

  /**
   * The SOA with its TTL and minimum capped at {@code negativeTtl}: a resolver caches a negative answer
   * for the smaller of the two (RFC 2308).
   */
  public SOARecord soa(long serial, long negativeTtl) {
    return soa(config.domain(), hostmaster, serial, negativeTtl);
  }

  /**
   * The SOA of the domain's parent ({@link NamingScheme#parent}), made as the domain's is: the same serial, name
   * server and timers, {@code hostmaster.<parent>}; its TTL and minimum capped at {@code negativeTtl}.
   *
   * @throws IllegalStateException when the domain has no parent we serve
   */
  SOARecord parentSoa(long serial, long negativeTtl) {
    return soa(parent(), parentHostmaster, serial, negativeTtl);
  }

  private SOARecord soa(Name owner, Name mailbox, long serial, long negativeTtl) {
    long ttl = Math.min(config.ttl(), negativeTtl);
    return new SOARecord(owner, DClass.IN, ttl, nameServer, mailbox, serial & 0xFFFFFFFFL, SOA_REFRESH, SOA_RETRY,
        SOA_EXPIRE, ttl);
  }

  public NSRecord ns() {
    return new NSRecord(config.domain(), DClass.IN, config.ttl(), nameServer);
  }

  /** The NS record at the parent's apex: this server, as at the domain's. */
  NSRecord parentNs() {
    return new NSRecord(parent(), DClass.IN, config.ttl(), nameServer);
  }

  private Name parent() {
    return naming.parent().orElseThrow(() -> new IllegalStateException(config.domain() + " has no parent we serve"));
  }

  /** The address record of the NS target, for the additional section. */
  public Record nameServerGlue() {
    return addressRecord(nameServer, config.nameServer());
  }
}
