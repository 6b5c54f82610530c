package dev.signpost.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A membership a test changes by hand: members join, die and come back, and listeners run only when the
 * test calls {@link #announce}, as a real membership calls them on its own thread after a change.
 */
public final class ChangingMembership implements Membership {

  private final String self;
  private final TreeMap<String, Member> members = new TreeMap<>();
  private final List<Runnable> listeners = new ArrayList<>();

  /** This node ({@code self}) and the others, all alive. */
  public ChangingMembership(String self, String... others) {
    this.self = self;
    alive(self);
    for (String other : others) {
      alive(other);
    }
  }

  /** Marks {@code name} alive (adding it when new); listeners hear of it at {@link #announce}. */
  public synchronized ChangingMembership alive(String name) {
    members.put(name, new Member(name, "10.1.0." + (members.size() + 1), 8500, "dc1", true));
    return this;
  }

  /** Marks {@code name} failed: still listed, as a real membership lists a node whose lease expired. */
  public synchronized ChangingMembership dead(String name) {
    members.computeIfPresent(name, (k, m) -> m.failed());
    return this;
  }

  /** Calls every listener, as the membership does after a change. */
  public void announce() {
    List<Runnable> now;
    synchronized (this) {
      now = List.copyOf(listeners);
    }
    now.forEach(Runnable::run);
  }

  @Override
  public synchronized Member self() {
    return members.get(self);
  }

  @Override
  public synchronized List<Member> members() {
    return List.copyOf(members.values());
  }

  @Override
  public synchronized void addListener(Runnable listener) {
    listeners.add(listener);
  }
}
