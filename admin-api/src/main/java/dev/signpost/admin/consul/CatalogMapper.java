package dev.signpost.admin.consul;

import dev.signpost.core.Instance;
import java.net.InetSocketAddress;

/** An {@link Instance} as Consul's {@code CatalogService}. */
final class CatalogMapper {

  private final InstanceNodes nodes;

  CatalogMapper(InstanceNodes nodes) {
    this.nodes = nodes;
  }

  /** With the node it is on: this agent, or the external node it was registered on. */
  CatalogServiceJson toJson(Instance i, InetSocketAddress local) {
    NodeJson node = nodes.json(i, local);
    return new CatalogServiceJson(node.id(), node.node(), node.address(), node.datacenter(),
        node.taggedAddresses(), node.meta(), "", i.id(), i.service().value(), i.tags(), i.address(),
        AgentServiceMapper.taggedAddresses(i), AgentServiceMapper.weights(i), i.meta(), i.port(), false,
        AgentServiceMapper.locality(i), i.createIndex(), i.modifyIndex());
  }
}
