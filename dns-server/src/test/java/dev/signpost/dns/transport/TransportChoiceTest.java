package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportChoiceTest {

  private static final Function<IoTransport, Optional<Throwable>> ALL_RUN = t -> Optional.empty();

  /** A host where the given transports cannot run, each for a cause naming it. */
  private static Function<IoTransport, Optional<Throwable>> without(IoTransport... missing) {
    Set<IoTransport> out = Set.of(missing);
    return t -> out.contains(t)
        ? Optional.of(new UnsatisfiedLinkError("no " + t.flagName() + "\n  tried /tmp/lib" + t.flagName() + ".so"))
        : Optional.empty();
  }

  @Test
  void autoPicksEpollAndSaysWhetherIoUringCouldRun() {
    TransportChoice both = TransportChoice.resolve("auto", ALL_RUN);
    assertThat(both.transport()).isEqualTo(IoTransport.EPOLL);
    assertThat(both.requested()).isEqualTo("auto");
    assertThat(both.reason()).isEqualTo("auto: epoll is the default; io_uring available with --io io_uring");

    TransportChoice noUring = TransportChoice.resolve("auto", without(IoTransport.IO_URING));
    assertThat(noUring.transport()).isEqualTo(IoTransport.EPOLL);
    assertThat(noUring.reason()).isEqualTo(
        "auto: epoll is the default; io_uring unavailable: java.lang.UnsatisfiedLinkError: no io_uring tried "
            + "/tmp/libio_uring.so");
  }

  @Test
  void autoFallsBackToNioWhereEpollCannotRunAndSaysWhy() {
    TransportChoice choice = TransportChoice.resolve("auto", without(IoTransport.EPOLL, IoTransport.IO_URING));
    assertThat(choice.transport()).isEqualTo(IoTransport.NIO);
    assertThat(choice.describe()).isEqualTo(
        "nio (auto: epoll unavailable: java.lang.UnsatisfiedLinkError: no epoll tried /tmp/libepoll.so)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void aNamedTransportThatCanRunIsTaken(String name) {
    TransportChoice choice = TransportChoice.resolve(name, ALL_RUN);
    assertThat(choice.transport().flagName()).isEqualTo(name);
    assertThat(choice.describe()).isEqualTo(name + " (asked for with --io " + name + ")");
  }

  @Test
  void aNamedTransportThatCannotRunIsRefusedInOneLineNotReplaced() {
    assertThatThrownBy(() -> TransportChoice.resolve("io_uring", without(IoTransport.IO_URING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--io io_uring: io_uring unavailable: java.lang.UnsatisfiedLinkError: no io_uring tried "
            + "/tmp/libio_uring.so");
  }

  @Test
  void theRootCauseIsNamedBesideTheWrapper() {
    Function<IoTransport, Optional<Throwable>> wrapped = t -> Optional.of(
        new IllegalStateException("failed to load", new UnsatisfiedLinkError("libc too old")));
    assertThatThrownBy(() -> TransportChoice.resolve("epoll", wrapped)).hasMessage(
        "--io epoll: epoll unavailable: java.lang.IllegalStateException: failed to load "
            + "(java.lang.UnsatisfiedLinkError: libc too old)");
  }

  @Test
  void nioRunsEverywhere() {
    assertThat(IoTransport.NIO.unavailability()).isEmpty();
    assertThat(IoTransport.NIO.socketPerThread()).isFalse();
    assertThat(TransportChoice.resolve("nio").transport()).isEqualTo(IoTransport.NIO);
  }
}
