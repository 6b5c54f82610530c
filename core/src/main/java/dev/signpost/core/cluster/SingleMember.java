package dev.signpost.core.cluster;

import java.util.List;

/** {@link Membership#single}: one member that never changes, so listeners are never called. */
record SingleMember(Member self) implements Membership {

  @Override
  public List<Member> members() {
    return List.of(self);
  }

  @Override
  public void addListener(Runnable listener) {
    // Nothing ever changes.
  }
}
