package dev.signpost.core.cluster;

import java.util.Objects;

/**
 * One Signpost node as the cluster knows it.
 *
 * @param name the node's name ({@code --node-name}), unique in the cluster
 * @param address the address its HTTP API is reached at, host without port
 * @param httpPort its HTTP API's port
 * @param datacenter its datacenter ({@code --datacenter})
 * @param alive whether it holds its lease now; a node whose lease expired is listed as failed for a while
 */
public record Member(String name, String address, int httpPort, String datacenter, boolean alive) {

  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(datacenter, "datacenter");
  }

  /** This member, marked failed. */
  public Member failed() {
    return new Member(name, address, httpPort, datacenter, false);
  }
}
