package dev.signpost.zones;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;

/** The one place where registry values become DNS records. */
public final class RecordFactory {

  static final long SOA_REFRESH = 3600;
  static final long SOA_RETRY = 600;
  static final long SOA_EXPIRE = 86400;

  private final ZoneConfig config;
  private final NamingScheme naming;
  private final Name nameServer;
  private final Name hostmaster;

  public RecordFactory(ZoneConfig config) {
    this.config = config;
    this.naming = new NamingScheme(config.domain());
    this.nameServer = naming.addressName(config.nameServer());
    this.hostmaster = Names.child(config.domain(), "hostmaster");
  }

  public NamingScheme naming() {
    return naming;
  }

  /** The zone's TTL for answers, in seconds. */
  public long ttl() {
    return config.ttl();
  }

  /** An A or AAAA record for the instance's address, when its address is an IP literal. */
  public Optional<Record> address(Name owner, Instance instance, int type, long ttl) {
    return Addresses.ip(instance.address())
        .filter(ip -> matches(ip, type))
        .map(ip -> addressRecord(owner, ip, ttl));
  }

  /** An A record for an IPv4 address, an AAAA record for an IPv6 one, with the zone's TTL. */
  public Record addressRecord(Name owner, InetAddress ip) {
    return addressRecord(owner, ip, config.ttl());
  }

  private static Record addressRecord(Name owner, InetAddress ip, long ttl) {
    if (ip instanceof Inet4Address) {
      return new ARecord(owner, DClass.IN, ttl, ip);
    }
    return new AAAARecord(owner, DClass.IN, ttl, ip);
  }

  /** The SRV record of an instance: its port, and a target that resolves to its address. */
  public SRVRecord srv(Name owner, Instance instance, int priority, long ttl) {
    int weight = Math.max(1, instance.currentWeight());
    return new SRVRecord(owner, DClass.IN, ttl, priority, weight, instance.port(), target(instance));
  }

  /**
   * The address record of an instance's SRV target, for the additional section: present when the
   * instance has an IP address (a host-name target resolves elsewhere).
   */
  public Optional<Record> targetGlue(Instance instance, long ttl) {
    return Addresses.ip(instance.address()).map(ip -> addressRecord(naming.addressName(ip), ip, ttl));
  }

  /** The SRV target: {@code <hex-ip>.addr.<domain>} for an IP address, the host name itself otherwise. */
  public Name target(Instance instance) {
    return Addresses.ip(instance.address())
        .map(naming::addressName)
        .orElseGet(() -> Names.absolute(instance.address()));
  }

  public SOARecord soa(long serial) {
    return soa(serial, config.ttl());
  }

  /**
   * The SOA with its TTL and minimum capped at {@code negativeTtl}: a resolver caches a negative answer
   * for the smaller of the two (RFC 2308).
   */
  public SOARecord soa(long serial, long negativeTtl) {
    long ttl = Math.min(config.ttl(), negativeTtl);
    return new SOARecord(config.domain(), DClass.IN, ttl, nameServer, hostmaster,
        serial & 0xFFFFFFFFL, SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, ttl);
  }

  public NSRecord ns() {
    return new NSRecord(config.domain(), DClass.IN, config.ttl(), nameServer);
  }

  /** The address record of the NS target, for the additional section. */
  public Record nameServerGlue() {
    return addressRecord(nameServer, config.nameServer());
  }

  private static boolean matches(InetAddress ip, int type) {
    return type == org.xbill.DNS.Type.A ? ip instanceof Inet4Address
        : type == org.xbill.DNS.Type.AAAA && ip instanceof Inet6Address;
  }
}
