package dev.signpost.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LostConnectionRetryTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void aRequestWhoseConnectionClosedIsSentAgainUntilItIsAnswered() {
    CompletableFuture<String> result = LostConnectionRetry.call(() -> calls.incrementAndGet() < 3
        ? CompletableFuture.failedFuture(channelClosed()) : CompletableFuture.completedFuture("done"),
        Duration.ofSeconds(5), now::get);

    assertThat(result).succeedsWithin(BOUND).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void anAnswerThatIsAnErrorIsNotSentAgain() {
    RuntimeException refused = Status.INVALID_ARGUMENT.withDescription("duplicate key").asRuntimeException();

    CompletableFuture<String> result = LostConnectionRetry.call(() -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(refused);
    }, Duration.ofSeconds(5), now::get);

    assertThat(result).failsWithin(BOUND).withThrowableThat().havingRootCause().isSameAs(refused);
    assertThat(calls).hasValue(1);
  }

  @Test
  void pastTheBudgetTheLastLostConnectionStands() {
    CompletableFuture<String> result = LostConnectionRetry.call(() -> {
      calls.incrementAndGet();
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      return CompletableFuture.failedFuture(channelClosed());
    }, Duration.ofMillis(2500), now::get);

    assertThat(result).failsWithin(BOUND).withThrowableThat().withMessageContaining("channel closed");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aLostConnectionIsAClosedChannelOrGrpcsChannelClosedAndNothingElse() {
    assertThat(LostConnectionRetry.lostConnection(new CompletionException(channelClosed()))).isTrue();
    assertThat(LostConnectionRetry.lostConnection(new RuntimeException(new ClosedChannelException()))).isTrue();
    assertThat(LostConnectionRetry.lostConnection(new TimeoutException())).isFalse();
    assertThat(LostConnectionRetry.lostConnection(Status.UNKNOWN.withDescription("boom").asRuntimeException()))
        .isFalse();
    assertThat(LostConnectionRetry.lostConnection(
        Status.FAILED_PRECONDITION.withDescription("channel closed").asRuntimeException())).isFalse();
  }

  private static RuntimeException channelClosed() {
    return Status.UNKNOWN.withDescription("channel closed").asRuntimeException();
  }
}
