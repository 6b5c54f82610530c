package dev.signpost.zones;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Parses query names into {@link NameForm}s and builds the names the zone hands out (SRV targets, DNS-SD
 * names). Label comparisons ignore ASCII case, as DNS does; labels come back lower-cased.
 */
public final class NamingScheme {

  static final String ADDRESS_LABEL = "addr";
  /** The first label of a domain whose parent we serve, and the label of the datacenter form under the parent. */
  private static final String SERVICE_LABEL = "service";
  /** The label of the node forms under the parent. */
  private static final String NODE_LABEL = "node";

  private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
  private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");
  /** The name DNS-SD's enumeration hangs under ({@code _dns-sd._udp}); also a service name core accepts. */
  static final String DNS_SD_SERVICE = "dns-sd";
  private static final byte[] TCP_LETTERS = {'t', 'c', 'p'};
  private static final byte[] UDP_LETTERS = {'u', 'd', 'p'};
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final byte[] DNS_SD_LETTERS = {'d', 'n', 's', '-', 's', 'd'};
  /**
   * The bytes dnsjava prints in a label as they are: printable ASCII but {@code "().;\\@$}, which it escapes
   * with a backslash; every other byte becomes {@code \\DDD}.
   */
  private static final boolean[] PRINTED_AS_IS = new boolean[0x7F];

  static {
    for (int c = '!'; c < PRINTED_AS_IS.length; c++) {
      PRINTED_AS_IS[c] = "\"().;\\@$".indexOf(c) < 0;
    }
  }

  private final Name domain;
  /** The domain's name in wire form, lower case: what the end of a query name is compared with. */
  private final byte[] domainWire;
  private final Name serviceTypes;
  /** {@code addr.<domain>}, the parent of every address name. */
  private final Name addressParent;
  /** The domain's parent when we serve its zone ({@link #parent}), else null. */
  private final Name parent;
  /** The parent's name in wire form, lower case; null without one. */
  private final byte[] parentWire;
  /** Our datacenter, lower case: the one the datacenter forms under the parent answer for. */
  private final String datacenter;

  /** The scheme of a domain in the {@link ZoneConfig#DEFAULT_DATACENTER}. */
  public NamingScheme(Name domain) {
    this(domain, ZoneConfig.DEFAULT_DATACENTER);
  }

  public NamingScheme(Name domain, String datacenter) {
    this.domain = domain;
    this.domainWire = domain.toWireCanonical();
    this.addressParent = Names.child(domain, ADDRESS_LABEL);
    this.serviceTypes = Names.child(Names.child(Names.child(domain, "_udp"), "_dns-sd"), "_services");
    this.parent = parentOf(domain);
    this.parentWire = parent == null ? null : parent.toWireCanonical();
    this.datacenter = datacenter.toLowerCase(Locale.ROOT);
  }

  /**
   * The parent of a domain whose first label is {@code service} ({@code local.} of {@code service.local.},
   * {@code consul.} of {@code service.consul.}), whose zone we serve as Consul serves {@code consul.}; null for
   * any other domain, and for {@code service.} itself (we never claim the root).
   */
  private static Name parentOf(Name domain) {
    boolean service = domain.labels() > 2 && domain.getLabelString(0).equalsIgnoreCase(SERVICE_LABEL);
    return service ? new Name(domain, 1) : null;
  }

  public Name domain() {
    return domain;
  }

  /**
   * The domain's parent when the domain's first label is {@code service}: we are then authoritative for the
   * parent's zone too (its apex, the datacenter and node forms under it, NXDOMAIN for every other name).
   */
  public Optional<Name> parent() {
    return Optional.ofNullable(parent);
  }

  /** {@link #parse(QueryName)} of a name dnsjava holds. */
  public NameForm parse(Name qname) {
    return parse(QueryName.of(qname));
  }

  /**
   * What a question's name means: the one parser of every query, whether it arrived as bytes or through
   * dnsjava. The two forms nearly every query asks, {@code <svc>.<domain>} and {@code _<svc>._tcp|_udp.<domain>}
   * without tags, are read straight from the bytes, building nothing but the service's key; the rest through
   * the labels as text (lower case, escaped as dnsjava prints them).
   */
  public NameForm parse(QueryName name) {
    byte[] wire = name.wire();
    int start = name.start();
    int suffix = name.end() - domainWire.length;
    if (suffix < start || !equalsIgnoreCase(wire, suffix, domainWire)) {
      return outsideDomain(name);
    }
    int relative = 0;
    int second = -1;
    int p = start;
    while (p < suffix) {
      if (relative == 1) {
        second = p;
      }
      relative++;
      p += 1 + (wire[p] & 0xFF);
    }
    if (p != suffix) {
      return outsideDomain(name); // the domain's bytes, but not on a label boundary: not under it
    }
    return relative(wire, start, suffix, relative, second);
  }

  /**
   * The labels between {@code start} and {@code suffix}, {@code relative} of them (the second at {@code second}),
   * read as a name relative to the domain: the fast forms first.
   */
  private static NameForm relative(byte[] wire, int start, int suffix, int relative, int second) {
    if (relative == 0) {
      return new NameForm.Apex();
    }
    if (relative == 1 && wire[start + 1] != '_') {
      String label = labelText(wire, start);
      return label.equals(ADDRESS_LABEL) ? new NameForm.AddressParent() : new NameForm.Service(label, List.of());
    }
    if (relative == 2 && isRfcService(wire, start, second)) {
      return new NameForm.RfcService(labelText(wire, start, 1), List.of());
    }
    return parseLabels(wire, start, suffix, relative);
  }

  /** A name not under the domain: under the parent whose zone we serve, a reverse name, or not ours. */
  private NameForm outsideDomain(QueryName name) {
    if (parentWire != null) {
      byte[] wire = name.wire();
      int suffix = name.end() - parentWire.length;
      if (suffix >= name.start() && equalsIgnoreCase(wire, suffix, parentWire)) {
        NameForm form = underParent(wire, name.start(), suffix);
        if (form != null) {
          return form;
        }
      }
    }
    return parseReverse(name.name());
  }

  /**
   * A name under the parent but not under the domain: its apex, {@code <node>.node}, {@code <node>.node.<dc>} and
   * {@code <rest>.service.<dc>} for our datacenter, the names above those, and nothing else. Null when the
   * parent's bytes end the name but not on a label boundary.
   */
  private NameForm underParent(byte[] wire, int start, int suffix) {
    int[] labels = new int[DnsWire.MAX_NAME / 2];
    int count = 0;
    for (int p = start; p < suffix; p += 1 + (wire[p] & 0xFF)) {
      labels[count++] = p;
      if (p + 1 + (wire[p] & 0xFF) > suffix) {
        return null;
      }
    }
    if (count == 0) {
      return new NameForm.ParentApex();
    }
    String last = labelText(wire, labels[count - 1]);
    if (last.equals(NODE_LABEL)) {
      return node(wire, labels, count - 1);
    }
    if (!last.equals(datacenter)) {
      return new NameForm.ParentNoSuchName(); // another datacenter's name, or no name of ours
    }
    if (count == 1) {
      return new NameForm.ParentNonTerminal();
    }
    String kind = labelText(wire, labels[count - 2]);
    if (kind.equals(NODE_LABEL)) {
      return node(wire, labels, count - 2);
    }
    if (!kind.equals(SERVICE_LABEL)) {
      return new NameForm.ParentNoSuchName();
    }
    int rest = count - 2;
    if (rest == 0) {
      return new NameForm.ParentNonTerminal();
    }
    return new NameForm.InDatacenter(relative(wire, start, labels[rest], rest, rest > 1 ? labels[1] : -1));
  }

  /** {@code node.<...>} with {@code before} labels in front of it: one is a node's name. */
  private static NameForm node(byte[] wire, int[] labels, int before) {
    return switch (before) {
      case 0 -> new NameForm.ParentNonTerminal();
      case 1 -> new NameForm.Node(labelText(wire, labels[0]));
      default -> new NameForm.ParentNoSuchName();
    };
  }

  /** Every other name under the domain, through its relative labels as text. */
  private static NameForm parseLabels(byte[] wire, int start, int suffix, int relative) {
    // Relative labels, leftmost first: "v1.web.service.local." → [v1, web].
    List<String> labels = new ArrayList<>(relative);
    for (int at = start; at < suffix; at += 1 + (wire[at] & 0xFF)) {
      labels.add(labelText(wire, at));
    }
    String last = labels.get(relative - 1);
    if (last.equals(ADDRESS_LABEL)) {
      return parseAddress(labels);
    }
    if (last.startsWith("_")) {
      return parseUnderscored(wire, start, labels);
    }
    return new NameForm.Service(last, labels.subList(0, relative - 1));
  }

  /**
   * Whether two labels are {@code _<svc>._tcp} or {@code _<svc>._udp} of a service other than DNS-SD's
   * enumeration parent ({@code _dns-sd._udp}), read from the bytes.
   */
  private static boolean isRfcService(byte[] wire, int first, int second) {
    if ((wire[first] & 0xFF) < 2 || wire[first + 1] != '_' || wire[second] != 4 || wire[second + 1] != '_') {
      return false;
    }
    boolean udp = equalsIgnoreCase(wire, second + 2, UDP_LETTERS);
    if (!udp && !equalsIgnoreCase(wire, second + 2, TCP_LETTERS)) {
      return false;
    }
    return !(udp && wire[first] == 1 + DNS_SD_LETTERS.length && equalsIgnoreCase(wire, first + 2, DNS_SD_LETTERS));
  }

  private static String labelText(byte[] wire, int label) {
    return labelText(wire, label, 0);
  }

  /**
   * A label as text without its first {@code skip} bytes: lower case, and escaped as dnsjava prints a
   * label ({@code \\.}, {@code \\032}), so a byte no service, tag or id has can never match one.
   */
  private static String labelText(byte[] wire, int label, int skip) {
    int length = (wire[label] & 0xFF) - skip;
    int from = label + 1 + skip;
    byte[] plain = new byte[length];
    for (int i = 0; i < length; i++) {
      int c = lower(wire[from + i]);
      if (c >= PRINTED_AS_IS.length || !PRINTED_AS_IS[c]) {
        return escapedText(wire, from, length);
      }
      plain[i] = (byte) c;
    }
    return new String(plain, StandardCharsets.ISO_8859_1);
  }

  private static String escapedText(byte[] wire, int from, int length) {
    StringBuilder text = new StringBuilder(length + 8);
    for (int i = 0; i < length; i++) {
      int c = lower(wire[from + i]);
      if (c <= ' ' || c >= PRINTED_AS_IS.length) {
        text.append('\\').append(String.format(Locale.ROOT, "%03d", c));
      } else {
        if (!PRINTED_AS_IS[c]) {
          text.append('\\');
        }
        text.append((char) c);
      }
    }
    return text.toString();
  }

  /** Whether the bytes at {@code offset} are {@code lower} (lower case) but for ASCII case. */
  private static boolean equalsIgnoreCase(byte[] wire, int offset, byte[] lower) {
    for (int i = 0; i < lower.length; i++) {
      if (lower(wire[offset + i]) != (lower[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b & 0xFF;
  }

  /** Names whose last relative label starts with '_': RFC 2782 and DNS-SD. No service name starts with '_'. */
  private static NameForm parseUnderscored(byte[] wire, int firstLabel, List<String> labels) {
    int relative = labels.size();
    String last = labels.get(relative - 1);
    if (relative == 1) {
      return last.length() > 1 ? new NameForm.RfcParent(last.substring(1)) : new NameForm.NoSuchName();
    }
    String service = labels.get(relative - 2);
    if (service.length() < 2 || !service.startsWith("_") || last.length() < 2) {
      return new NameForm.NoSuchName();
    }
    boolean protocol = last.equals("_tcp") || last.equals("_udp");
    if (relative == 2) {
      if (service.equals("_dns-sd") && last.equals("_udp")) {
        return new NameForm.ServiceTypesParent();
      }
      return new NameForm.RfcService(service.substring(1), protocol ? List.of() : List.of(last.substring(1)));
    }
    if (relative == 3 && labels.get(0).equals("_services") && service.equals("_dns-sd") && last.equals("_udp")) {
      return new NameForm.ServiceTypes();
    }
    if (relative == 3 && protocol) {
      return decodeLabel(wire, firstLabel)
          .<NameForm>map(label -> new NameForm.DnsSdInstance(service.substring(1), InstanceLabels.key(label)))
          .orElseGet(NameForm.NoSuchName::new);
    }
    return new NameForm.NoSuchName();
  }

  private static NameForm parseAddress(List<String> labels) {
    if (labels.size() == 1) {
      return new NameForm.AddressParent();
    }
    if (labels.size() != 2) {
      return new NameForm.NoSuchName();
    }
    String label = labels.get(0);
    int dash = label.indexOf('-');
    String hex = dash < 0 ? label : label.substring(0, dash);
    if ((hex.length() != 8 && hex.length() != 32) || !isHex(hex)
        || (dash >= 0 && !isPort(label.substring(dash + 1)))) {
      return new NameForm.NoSuchName();
    }
    try {
      return new NameForm.Address(InetAddress.getByAddress(HexFormat.of().parseHex(hex)));
    } catch (UnknownHostException e) {
      return new NameForm.NoSuchName(); // unreachable: 4 or 16 bytes are always accepted
    }
  }

  /** A complete reverse name in canonical form (no leading zeros, one hex digit per label), else out of zone. */
  private static NameForm parseReverse(Name qname) {
    byte[] bytes;
    if (qname.subdomain(IN_ADDR_ARPA) && qname.labels() == IN_ADDR_ARPA.labels() + 4) {
      bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String octet = qname.getLabelString(i);
        if (!octet.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(octet) > 255) {
          return new NameForm.OutOfZone();
        }
        bytes[3 - i] = (byte) Integer.parseInt(octet);
      }
    } else if (qname.subdomain(IP6_ARPA) && qname.labels() == IP6_ARPA.labels() + 32) {
      bytes = new byte[16];
      for (int i = 0; i < 32; i++) {
        String nibble = qname.getLabelString(i);
        if (nibble.length() != 1 || !isHex(nibble)) {
          return new NameForm.OutOfZone();
        }
        bytes[15 - i / 2] |= (byte) (Character.digit(nibble.charAt(0), 16) << (i % 2 == 0 ? 0 : 4));
      }
    } else {
      return new NameForm.OutOfZone();
    }
    try {
      InetAddress address = InetAddress.getByAddress(bytes);
      // Java turns an IPv4-mapped IPv6 address into an IPv4 one; that address is ours under in-addr.arpa only.
      boolean mapped = bytes.length == 16 && address instanceof Inet4Address;
      return mapped ? new NameForm.OutOfZone() : new NameForm.ReverseAddress(address);
    } catch (UnknownHostException e) {
      return new NameForm.OutOfZone(); // unreachable: 4 or 16 bytes are always accepted
    }
  }

  /** A port as an SRV target writes it: decimal, 0 to 65535, no leading zero. */
  private static boolean isPort(String s) {
    if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(s) <= 0xFFFF;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code <hex-ip>.addr.<domain>}: 8 hex digits for IPv4, 32 for IPv6, lower case (as Consul names them). */
  public Name addressName(InetAddress address) {
    return addressName(address.getAddress());
  }

  /** {@link #addressName(InetAddress)} of an address's 4 or 16 bytes. */
  public Name addressName(byte[] ip) {
    return Names.child(addressParent, HexFormat.of().formatHex(ip));
  }

  /**
   * {@code <hex-ip>-<port>.addr.<domain>}: the SRV target of one instance, which resolves to its address as
   * {@code <hex-ip>.addr} does. One target per instance, so a resolver that pairs each SRV record with one
   * address record of the additional section (HAProxy) sees every instance, even several on one address.
   */
  public Name addressName(byte[] ip, int port) {
    return targetName(targetLabel(ip, port));
  }

  /** The SRV target whose first label, in wire form, is {@code label} ({@link #targetLabel}). */
  Name targetName(byte[] label) {
    return Names.child(addressParent, new String(label, 1, label.length - 1, StandardCharsets.ISO_8859_1));
  }

  /**
   * The first label of {@link #addressName(byte[], int)} in wire form, its length byte first: what the bytes
   * path copies into every SRV target and glue owner. Built once per instance when the zone changes.
   */
  static byte[] targetLabel(byte[] ip, int port) {
    byte[] digits = Integer.toString(port).getBytes(StandardCharsets.ISO_8859_1);
    byte[] label = new byte[1 + 2 * ip.length + 1 + digits.length];
    label[0] = (byte) (label.length - 1);
    for (int i = 0; i < ip.length; i++) {
      label[1 + 2 * i] = (byte) HEX_DIGITS[(ip[i] >>> 4) & 0xF];
      label[2 + 2 * i] = (byte) HEX_DIGITS[ip[i] & 0xF];
    }
    label[1 + 2 * ip.length] = '-';
    System.arraycopy(digits, 0, label, 2 + 2 * ip.length, digits.length);
    return label;
  }

  /** {@code <svc>.<domain>}, for a service key. */
  public Name serviceName(String serviceKey) {
    return Names.child(domain, serviceKey);
  }

  /** {@code _<svc>._tcp.<domain>}: the DNS-SD service type of a service key. */
  public Name serviceTypeName(String serviceKey) {
    return Names.child(Names.child(domain, "_tcp"), "_" + serviceKey);
  }

  /** {@code _services._dns-sd._udp.<domain>}. */
  public Name serviceTypesName() {
    return serviceTypes;
  }

  /**
   * {@code <label>.<serviceType>}, the label kept whole: dots, spaces and backslashes inside it stay inside
   * one label (dnsjava escapes them when printing). Empty when the name would pass 255 bytes.
   */
  public static Optional<Name> instanceName(Name serviceType, String label) {
    byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > DnsWire.MAX_LABEL) {
      throw new IllegalArgumentException("not a DNS label: " + label);
    }
    byte[] parent = serviceType.toWire();
    byte[] wire = new byte[1 + bytes.length + parent.length];
    wire[0] = (byte) bytes.length;
    System.arraycopy(bytes, 0, wire, 1, bytes.length);
    System.arraycopy(parent, 0, wire, 1 + bytes.length, parent.length);
    try {
      return Optional.of(new Name(wire));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A label's bytes as text; empty when they are not UTF-8, which no id encodes to. */
  private static Optional<String> decodeLabel(byte[] wire, int label) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(wire, label + 1, wire[label] & 0xFF))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
