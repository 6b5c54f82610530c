package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclState;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.StoredState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDifferenceTest {

  private static final String TOKEN_ID = "6a1253d2-1785-24fd-91c2-f8e78c745511";
  private static final String POLICY_ID = "e359bd81-baca-903e-7e64-1ccd9fdc78f5";

  @Test
  void onlyWhatDiffersBecomesAChangeAtTheTargetsIndex() {
    Instance kept = Instance.of("kept", "web", "10.0.0.1", 80, List.of());
    Instance moved = Instance.of("moved", "web", "10.0.0.2", 80, List.of());
    Instance gone = Instance.of("gone", "web", "10.0.0.3", 80, List.of());
    Instance added = Instance.of("added", "api", "10.0.0.4", 80, List.of());
    ServicePolicy random = ServicePolicy.defaults("random", 0);
    StoredState from = new StoredState(5, List.of(kept, moved, gone), Map.of("web", random, "old", random));
    StoredState to = new StoredState(9, List.of(kept, moved.withIndexes(1, 8), added), Map.of("web", random));

    List<Change> changes = StateDifference.between(from, to);

    assertThat(changes).containsExactlyInAnyOrder(new Change.Put(9, moved.withIndexes(1, 8)), new Change.Put(9, added),
        new Change.Remove(9, "gone"), new Change.RemovePolicy(9, "old"));
  }

  @Test
  void aclTokensAreRemovedBeforeThePoliciesTheyLinked() {
    AclPolicy policy = new AclPolicy(POLICY_ID, "readers", "", "service_prefix \"\" { policy = \"read\" }", 2, 2);
    AclToken token = new AclToken(TOKEN_ID, "sha256:00", "", List.of(POLICY_ID), false, Instant.EPOCH, 3, 3);
    StoredState from = new StoredState(3, List.of(), Map.of(), new AclState(List.of(token), List.of(policy)));

    List<Change> changes = StateDifference.between(from, new StoredState(4, List.of()));

    assertThat(changes).containsExactly(new Change.RemoveAclToken(4, TOKEN_ID), new Change.RemoveAclPolicy(4, POLICY_ID));
  }

  @Test
  void keysThatDifferArePutOrRemovedAndEqualOnesLeftAlone() {
    KvEntry kept = new KvEntry("kept", new byte[] {1}, 0, 1, 1);
    KvEntry changed = new KvEntry("changed", new byte[] {1}, 0, 2, 2);
    KvEntry gone = new KvEntry("gone", new byte[] {1}, 0, 3, 3);
    StoredState from = new StoredState(3, List.of(), Map.of(), AclState.EMPTY, List.of(),
        List.of(kept, changed, gone));
    KvEntry rewritten = new KvEntry("changed", new byte[] {2}, 0, 2, 4);
    StoredState to = new StoredState(4, List.of(), Map.of(), AclState.EMPTY, List.of(), List.of(kept, rewritten));

    assertThat(StateDifference.between(from, to))
        .containsExactlyInAnyOrder(new Change.PutKey(4, rewritten), new Change.RemoveKey(4, "gone"));
  }

  @Test
  void equalStatesDifferInNothing() {
    Instance one = Instance.of("one", "web", "10.0.0.1", 80, List.of());
    StoredState state = new StoredState(7, List.of(one));

    assertThat(StateDifference.between(state, new StoredState(8, List.of(one)))).isEmpty();
  }
}
