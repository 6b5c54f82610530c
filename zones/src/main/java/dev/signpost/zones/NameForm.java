package dev.signpost.zones;

import java.net.InetAddress;
import java.util.List;

/**
 * What a query name means under the registry's domain, before looking anything up. {@link NamingScheme}
 * produces these; DESIGN.md's naming table lists the forms.
 */
public sealed interface NameForm {

  /** The zone apex itself ({@code service.local}). */
  record Apex() implements NameForm {}

  /** {@code [<tag>.]...<svc>.<domain>}: instances of a service carrying every tag listed (none: all). */
  record Service(String service, List<String> tags) implements NameForm {
    public Service {
      tags = List.copyOf(tags);
    }
  }

  /** RFC 2782 {@code _<svc>._tcp|_udp.<domain>} (no tag) or {@code _<svc>._<tag>.<domain>} (tag filter). */
  record RfcService(String service, List<String> tags) implements NameForm {
    public RfcService {
      tags = List.copyOf(tags);
    }
  }

  /** {@code <hex-ip>.addr.<domain>}: the address an SRV target stands for. */
  record Address(InetAddress address) implements NameForm {}

  /**
   * {@code _<label>.<domain>}: exists only as the parent of RFC 2782 names: for {@code _tcp}/{@code _udp}
   * when any service exists, otherwise when some instance carries the tag {@code label}.
   */
  record RfcParent(String label) implements NameForm {}

  /** {@code addr.<domain>}: the parent of every address name; always exists, holds no data. */
  record AddressParent() implements NameForm {}

  /** A name under the domain that no form can ever produce. */
  record NoSuchName() implements NameForm {}

  /** A name outside the domain. */
  record OutOfZone() implements NameForm {}
}
