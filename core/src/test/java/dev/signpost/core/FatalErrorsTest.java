package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {

  @Test
  void outOfMemoryAndLostPartsAreFatalEvenAsCauses() {
    assertThat(FatalErrors.isFatal(new OutOfMemoryError("Java heap space"))).isTrue();
    assertThat(FatalErrors.isFatal(new RuntimeException(new OutOfMemoryError()))).isTrue();
    assertThat(FatalErrors.isFatal(new InternalError("broken"))).isTrue();
    assertThat(FatalErrors.isFatal(new FatalErrors.Unusable("the DNS event loop ended"))).isTrue();
  }

  @Test
  void ordinaryFailuresAndStackOverflowsAreNot() {
    assertThat(FatalErrors.isFatal(new UncheckedIOException(new IOException("reset")))).isFalse();
    assertThat(FatalErrors.isFatal(new StackOverflowError())).isFalse();
    assertThat(FatalErrors.isFatal(new IllegalStateException())).isFalse();
  }

  @Test
  void escalateHandsOnlyFatalErrorsToTheThreadsHandler() throws InterruptedException {
    List<Throwable> handed = new ArrayList<>();
    Thread thread = new Thread(() -> {
      FatalErrors.escalate(new IllegalArgumentException("bad input"));
      FatalErrors.escalate(new RuntimeException(new OutOfMemoryError("Java heap space")));
    });
    thread.setUncaughtExceptionHandler((t, e) -> handed.add(e));
    thread.start();
    thread.join();
    assertThat(handed).singleElement().satisfies(e -> assertThat(e.getCause()).isInstanceOf(OutOfMemoryError.class));
  }
}
