package dev.signpost.admin.consul;

import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The node each instance is shown on: this agent's for its own instances, the external node it was
 * registered on through the catalog for the others. The one place that turns either into Consul's
 * {@code Node}, for the catalog, health and node endpoints.
 */
final class InstanceNodes {

  private final ServiceDiscovery discovery;
  private final NodeIdentity self;

  InstanceNodes(ServiceDiscovery discovery, NodeIdentity self) {
    this.discovery = discovery;
    this.self = self;
  }

  NodeIdentity self() {
    return self;
  }

  /** The external node of an instance registered through the catalog; empty for this agent's own. */
  Optional<CatalogNode> external(Instance i) {
    return i.isExternal() ? discovery.node(i.node()) : Optional.empty();
  }

  /** The name of the instance's node; an external node removed meanwhile is named by its key. */
  String name(Instance i) {
    if (!i.isExternal()) {
      return self.name();
    }
    return external(i).map(CatalogNode::name).orElse(i.node());
  }

  /** The instance's node as Consul's {@code Node}. */
  NodeJson json(Instance i, InetSocketAddress local) {
    if (!i.isExternal()) {
      return new NodeJson(self.id(), self.name(), self.address(local), self.datacenter(),
          self.taggedAddresses(local), NodeIdentity.meta(), CheckMapper.NODE_INDEX, CheckMapper.NODE_INDEX);
    }
    // Removed between the instance's read and this one (its instances go first): shown at its own address.
    return external(i).map(this::json).orElseGet(() -> json(CatalogNode.of(i.node(), i.address())));
  }

  /** An external node as Consul's {@code Node}: in this agent's datacenter, with its own indexes. */
  NodeJson json(CatalogNode n) {
    String id = n.id().isEmpty() ? NodeIdentity.idOf(n.name()) : n.id();
    return new NodeJson(id, n.name(), n.address(), self.datacenter(), n.taggedAddresses(), n.meta(), n.createIndex(),
        n.modifyIndex());
  }
}
