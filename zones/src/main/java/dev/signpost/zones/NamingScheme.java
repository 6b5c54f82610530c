package dev.signpost.zones;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * Parses query names into {@link NameForm}s and builds the names the zone hands out (SRV targets).
 * Label comparisons ignore ASCII case, as DNS does; labels come back lower-cased.
 */
public final class NamingScheme {

  static final String ADDRESS_LABEL = "addr";

  private final Name domain;
  private final int domainLabels;

  public NamingScheme(Name domain) {
    this.domain = domain;
    this.domainLabels = domain.labels();
  }

  public Name domain() {
    return domain;
  }

  public NameForm parse(Name qname) {
    if (!qname.subdomain(domain)) {
      return new NameForm.OutOfZone();
    }
    int relative = qname.labels() - domainLabels;
    if (relative == 0) {
      return new NameForm.Apex();
    }
    // Relative labels, leftmost first: "v1.web.service.local." → [v1, web].
    List<String> labels = new ArrayList<>(relative);
    for (int i = 0; i < relative; i++) {
      labels.add(qname.getLabelString(i).toLowerCase(Locale.ROOT));
    }
    String last = labels.get(relative - 1);
    if (last.equals(ADDRESS_LABEL)) {
      return parseAddress(labels);
    }
    if (relative == 1 && last.startsWith("_")) {
      return last.length() > 1 ? new NameForm.RfcParent(last.substring(1)) : new NameForm.NoSuchName();
    }
    if (relative == 2 && labels.get(0).startsWith("_") && last.startsWith("_")) {
      String service = labels.get(0).substring(1);
      String second = last.substring(1);
      if (service.isEmpty() || second.isEmpty()) {
        return new NameForm.NoSuchName();
      }
      boolean protocol = second.equals("tcp") || second.equals("udp");
      return new NameForm.RfcService(service, protocol ? List.of() : List.of(second));
    }
    return new NameForm.Service(last, labels.subList(0, relative - 1));
  }

  private static NameForm parseAddress(List<String> labels) {
    if (labels.size() == 1) {
      return new NameForm.AddressParent();
    }
    if (labels.size() != 2) {
      return new NameForm.NoSuchName();
    }
    String hex = labels.get(0);
    if ((hex.length() != 8 && hex.length() != 32) || !isHex(hex)) {
      return new NameForm.NoSuchName();
    }
    try {
      return new NameForm.Address(InetAddress.getByAddress(HexFormat.of().parseHex(hex)));
    } catch (UnknownHostException e) {
      return new NameForm.NoSuchName(); // unreachable: 4 or 16 bytes are always accepted
    }
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
    return Names.child(Names.child(domain, ADDRESS_LABEL), HexFormat.of().formatHex(address.getAddress()));
  }
}
