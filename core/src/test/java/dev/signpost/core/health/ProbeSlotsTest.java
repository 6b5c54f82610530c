package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-host and total probe limits, and who goes next when a slot frees. */
class ProbeSlotsTest {

  private final List<String> started = new ArrayList<>();

  private ProbeSlots.Waiter run(String name) {
    return () -> started.add(name);
  }

  @Test
  void aHostGetsAtMostItsLimitAndItsOtherRunsWaitInOrder() {
    ProbeSlots slots = new ProbeSlots(2, 10);
    for (String name : List.of("a1", "a2", "a3", "a4")) {
      slots.acquire("a:80", run(name));
    }
    slots.acquire("b:80", run("b1"));
    assertThat(started).containsExactly("a1", "a2", "b1");
    assertThat(slots.heldBack()).isEqualTo(2);
    assertThat(slots.whyWaiting("a:80")).isEqualTo("2 probes to a:80 already in flight");
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(started).containsExactly("a1", "a2", "b1", "a3");
    slots.release("b:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(started).as("b's slot is not a's").hasSize(4);
  }

  @Test
  void whenAllSlotsAreTakenHostsWithRunsWaitingTakeTurns() {
    ProbeSlots slots = new ProbeSlots(2, 2);
    slots.acquire("a:80", run("a1"));
    slots.acquire("a:80", run("a2"));
    for (String name : List.of("a3", "a4", "a5")) {
      slots.acquire("a:80", run(name));
    }
    slots.acquire("b:80", run("b1"));
    slots.acquire("c:80", run("c1"));
    assertThat(slots.whyWaiting("b:80")).isEqualTo("2 probes already in flight");
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(started).as("a freed both, yet b and c go first").containsExactly("a1", "a2", "b1", "c1");
    slots.release("b:80", ProbeSlots.Outcome.ANSWERED);
    slots.release("c:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(started).containsExactly("a1", "a2", "b1", "c1", "a3", "a4");
    assertThat(slots.inFlight()).isEqualTo(2);
  }

  @Test
  void anAbandonedRunNeverStarts() {
    ProbeSlots slots = new ProbeSlots(1, 1);
    slots.acquire("a:80", run("a1"));
    ProbeSlots.Waiter gaveUp = run("a2");
    slots.acquire("a:80", gaveUp);
    slots.acquire("a:80", run("a3"));
    slots.abandon("a:80", gaveUp);
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(started).containsExactly("a1", "a3");
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(slots.inFlight()).isZero();
  }

  @Test
  void aHostHangsWhileTheLastProbeToFinishTimedOut() {
    ProbeSlots slots = new ProbeSlots(2, 10);
    slots.acquire("a:80", run("a1"));
    slots.acquire("a:80", run("a2"));
    slots.acquire("a:80", run("a3"));
    assertThat(slots.hangs("a:80")).as("nothing finished yet").isFalse();
    slots.release("a:80", ProbeSlots.Outcome.TIMED_OUT);
    assertThat(slots.hangs("a:80")).isTrue();
    slots.release("a:80", ProbeSlots.Outcome.CANCELLED);
    assertThat(slots.hangs("a:80")).as("a cancel says nothing").isTrue();
    slots.release("a:80", ProbeSlots.Outcome.ANSWERED);
    assertThat(slots.hangs("a:80")).isFalse();
  }

  @Test
  void limitsThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> new ProbeSlots(0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perHost");
    assertThatThrownBy(() -> new ProbeSlots(8, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
