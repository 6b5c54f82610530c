package dev.signpost.core.cluster;

import java.util.List;

/**
 * The nodes that share the registry, as this node sees them. A single node (no cluster) is its only
 * member; in cluster mode live nodes hold a lease in the shared store and the list follows it.
 */
public interface Membership {

  /** This node. */
  Member self();

  /** Every known node, this one included, sorted by name: the live ones and those recently failed. */
  List<Member> members();

  /** Calls {@code listener} (on the membership's own thread) whenever {@link #members} changes. */
  void addListener(Runnable listener);

  /** The membership of a node that is not part of a cluster: itself, alive, forever. */
  static Membership single(Member self) {
    return new SingleMember(self);
  }
}
