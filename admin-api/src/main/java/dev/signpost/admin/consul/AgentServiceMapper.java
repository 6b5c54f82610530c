package dev.signpost.admin.consul;

import dev.signpost.core.Addresses;
import dev.signpost.core.Instance;
import java.util.Map;
import java.util.TreeMap;

/** An {@link Instance} as Consul's {@code AgentService}: for the agent endpoints, and nested in health entries. */
final class AgentServiceMapper {

  private final String datacenter;

  AgentServiceMapper(String datacenter) {
    this.datacenter = datacenter;
  }

  /** As {@code /v1/agent/services} shows it: with the datacenter, without indexes. */
  AgentServiceJson forAgent(Instance i) {
    return json(i, null, null, datacenter);
  }

  /** As {@code /v1/health/service} nests it: with indexes, without the datacenter. */
  AgentServiceJson forHealth(Instance i) {
    return json(i, i.createIndex(), i.modifyIndex(), null);
  }

  private static AgentServiceJson json(Instance i, Long createIndex, Long modifyIndex, String datacenter) {
    return new AgentServiceJson(i.id(), i.service().value(), i.tags(), i.meta(), i.port(), i.address(),
        taggedAddresses(i), weights(i), false, createIndex, modifyIndex, datacenter, locality(i));
  }

  static WeightsJson weights(Instance i) {
    return new WeightsJson(i.weights().passing(), i.weights().warning());
  }

  static LocalityJson locality(Instance i) {
    return i.locality().isEmpty() ? null : new LocalityJson(i.locality().region(), i.locality().zone());
  }

  /** Consul adds {@code lan_ipv4}/{@code wan_ipv4} (or the ipv6 pair) for a service registered with an IP. */
  static Map<String, ServiceAddressJson> taggedAddresses(Instance i) {
    Map<String, ServiceAddressJson> tagged = new TreeMap<>();
    String family = Addresses.isIpv4(i.address()) ? "ipv4" : Addresses.isIpv6(i.address()) ? "ipv6" : null;
    if (family != null) {
      ServiceAddressJson address = new ServiceAddressJson(i.address(), i.port());
      tagged.put("lan_" + family, address);
      tagged.put("wan_" + family, address);
    }
    return tagged;
  }
}
