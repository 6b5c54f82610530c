package dev.signpost.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

  private final List<List<String>> sent = new ArrayList<>();
  private final List<Runnable> answers = new ArrayList<>();
  private final WriteBatcher<String> batcher = new WriteBatcher<>(w -> EtcdKeys.bytes(w.split("#")[0]),
      (batch, answered) -> {
        sent.add(batch);
        answers.add(answered);
      });

  @Test
  void writesArrivingWhileATransactionIsInFlightLeaveTogetherInTheNext() {
    batcher.submit("a");
    batcher.submit("b");
    batcher.submit("c");

    assertThat(sent).containsExactly(List.of("a"));
    answers.get(0).run();
    assertThat(sent).containsExactly(List.of("a"), List.of("b", "c"));
  }

  @Test
  void aKeyIsWrittenOncePerTransactionAndItsNextWriteWaitsForTheNext() {
    batcher.submit("first");
    batcher.submit("x#1");
    batcher.submit("y");
    batcher.submit("x#2");
    batcher.submit("z");

    answers.get(0).run();
    assertThat(sent.get(1)).containsExactly("x#1", "y");
    answers.get(1).run();
    assertThat(sent.get(2)).containsExactly("x#2", "z");
  }

  @Test
  void aTransactionHoldsAtMostTheBatchLimit() {
    batcher.submit("first");
    for (int i = 0; i < WriteBatcher.MAX_BATCH + 5; i++) {
      batcher.submit("k" + i);
    }

    answers.get(0).run();
    assertThat(sent.get(1)).hasSize(WriteBatcher.MAX_BATCH);
    answers.get(1).run();
    assertThat(sent.get(2)).hasSize(5);
  }

  @Test
  void aWriteThatMustGoAloneGetsATransactionOfItsOwnAndHeavyWritesSplitBatches() {
    // "tree..." goes alone; "big..." weighs 600 KiB, so two do not fit one transaction.
    WriteBatcher<String> weighing = new WriteBatcher<>(EtcdKeys::bytes, w -> w.startsWith("tree"),
        w -> w.startsWith("big") ? 600 * 1024 : 100, (batch, answered) -> {
          sent.add(batch);
          answers.add(answered);
        });
    for (String w : List.of("first", "a", "tree", "b", "big1", "big2", "c")) {
      weighing.submit(w);
    }

    for (int i = 0; i < 5; i++) {
      answers.get(i).run();
    }
    assertThat(sent).containsExactly(List.of("first"), List.of("a"), List.of("tree"), List.of("b", "big1"),
        List.of("big2", "c"));
  }

  @Test
  void keysAreComparedByValue() {
    assertThat(EtcdKeys.bytes("k")).isEqualTo(ByteSequence.from("k".getBytes()));
  }
}
