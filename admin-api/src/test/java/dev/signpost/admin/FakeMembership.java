package dev.signpost.admin;

import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.util.Comparator;
import java.util.List;

/** A membership a test sets by hand: what etcd's leases would say, without etcd. */
final class FakeMembership implements Membership {

  private final String self;
  private volatile List<Member> members;

  /** {@code self} names one of {@code members}. */
  FakeMembership(String self, List<Member> members) {
    this.self = self;
    set(members);
  }

  void set(List<Member> now) {
    members = now.stream().sorted(Comparator.comparing(Member::name)).toList();
  }

  @Override
  public Member self() {
    return members.stream().filter(m -> m.name().equals(self)).findFirst().orElseThrow();
  }

  @Override
  public List<Member> members() {
    return members;
  }

  @Override
  public void addListener(Runnable listener) {
    // The API reads the membership on every request and never listens.
  }
}
