package dev.signpost.core.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which node runs an instance's health checks: in a cluster every node holds the whole registry, but each
 * instance's checks must run on exactly one live node, or every node would probe every endpoint and each
 * would write its own results. The owner is chosen by rendezvous hashing ({@code Rendezvous}) of the instance
 * id over the live members' names, so every node agrees without asking the others, and a node that dies or
 * joins moves only the instances it had or takes.
 *
 * <p>This node always counts itself live. A node that lost its lease (it cannot reach the shared store)
 * keeps running the checks it would own if it were live: the other nodes may take them over meanwhile, so
 * some checks may run twice for a while, but none is left unrun because of our own connectivity.
 *
 * <p>Thread-safe: it reads the membership's current list on each question (a new list means a new
 * hashing view), so it is right however the membership orders its listeners.
 */
public final class CheckPlacement {

  private static final CheckPlacement EVERYTHING =
      new CheckPlacement(Membership.single(new Member("local", "localhost", 0, "", true)));

  private final Membership membership;
  /** The last members list seen and the live nodes' hashing view made from it. */
  private volatile View view;

  private record View(List<Member> members, Rendezvous live) {}

  private CheckPlacement(Membership membership) {
    this.membership = membership;
  }

  /** Places checks over {@code membership}'s live members. */
  public static CheckPlacement of(Membership membership) {
    return new CheckPlacement(Objects.requireNonNull(membership, "membership"));
  }

  /** A node that is not part of a cluster runs every check: the default. */
  public static CheckPlacement everything() {
    return EVERYTHING;
  }

  /** Whether this node runs the checks of the instance with this id. */
  public boolean runsHere(String instanceId) {
    return live().owner(instanceId).equals(membership.self().name());
  }

  /**
   * Calls {@code listener} (on the membership's thread) whenever the placement may have changed; it then
   * asks {@link #runsHere} again for what it cares about. Never called for a single node.
   */
  public void addListener(Runnable listener) {
    membership.addListener(Objects.requireNonNull(listener, "listener"));
  }

  private Rendezvous live() {
    // A copy: an immutable list is kept as it is, a list changed in place must not change the one we saw.
    List<Member> members = List.copyOf(membership.members());
    View seen = view;
    if (seen != null && seen.members().equals(members)) {
      return seen.live();
    }
    Set<String> names = new HashSet<>();
    names.add(membership.self().name());
    for (Member m : members) {
      if (m.alive()) {
        names.add(m.name());
      }
    }
    View next = new View(members, Rendezvous.over(names));
    view = next;
    return next.live();
  }
}
