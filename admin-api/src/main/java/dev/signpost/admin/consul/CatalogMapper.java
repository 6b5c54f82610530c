package dev.signpost.admin.consul;

import dev.signpost.core.Instance;
import java.net.InetSocketAddress;

/** An {@link Instance} as Consul's {@code CatalogService}. */
final class CatalogMapper {

  private final NodeIdentity node;

  CatalogMapper(NodeIdentity node) {
    this.node = node;
  }

  CatalogServiceJson toJson(Instance i, InetSocketAddress local) {
    return new CatalogServiceJson(node.id(), node.name(), node.address(local), node.datacenter(),
        node.taggedAddresses(local), NodeIdentity.meta(), "", i.id(), i.service().value(), i.tags(), i.address(),
        AgentServiceMapper.taggedAddresses(i), AgentServiceMapper.weights(i), i.meta(), i.port(), false,
        AgentServiceMapper.locality(i), i.createIndex(), i.modifyIndex());
  }
}
