package dev.signpost.dns.wire;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * EDNS Client Subnet (RFC 7871): the client address a resolver forwards on its client's behalf, which
 * the ip-hash and zone-aware strategies and the client zones use in place of the resolver's own address.
 */
public final class ClientSubnet {

  private ClientSubnet() {}

  /** The query's ECS option, when it has one that carries an address (a source prefix above 0). */
  public static Optional<ClientSubnetOption> of(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return Optional.empty();
    }
    for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
      if (option instanceof ClientSubnetOption ecs && ecs.getSourcePrefixLength() > 0) {
        return Optional.of(ecs);
      }
    }
    return Optional.empty();
  }

  /**
   * The ECS option a reply carries back (RFC 7871 7.2.1): the query's family, source prefix and address,
   * and the scope the answer is valid for.
   */
  public static List<EDNSOption> echo(Message query, boolean tailored) {
    return of(query)
        .<List<EDNSOption>>map(ecs -> List.of(new ClientSubnetOption(ecs.getSourcePrefixLength(),
            tailored ? ecs.getSourcePrefixLength() : 0, ecs.getAddress())))
        .orElse(List.of());
  }
}
