package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How an attempt is judged: {@link Call}'s contract as a table. */
class VerdictTest {

  @ParameterizedTest(name = "status {0}: success={1}, tried again={2}")
  @CsvSource({
      "200, true,  false",
      "204, true,  false",
      "301, true,  false",
      "400, true,  false",
      "401, true,  false",
      "403, true,  false",
      "404, true,  false",
      "409, true,  false",
      "408, false, true",
      "429, false, true",
      "500, false, false",
      "501, false, false",
      "502, false, true",
      "503, false, true",
      "504, false, true",
      "505, false, false",
  })
  void statusesAreJudgedAsTheContractSays(int status, boolean success, boolean again) {
    Verdict v = Verdict.ofStatus(status);

    assertThat(v.success()).isEqualTo(success);
    assertThat(v.transientFailure()).isEqualTo(again);
    assertThat(v.status()).isEqualTo(status);
    assertThat(Verdict.ofError(new StatusException(status))).isEqualTo(v);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(new ConnectException("refused"), true),
        Arguments.of(new NoRouteToHostException("no route"), true),
        Arguments.of(new HttpConnectTimeoutException("connect timed out"), true),
        Arguments.of(new HttpTimeoutException("request timed out"), true),
        Arguments.of(new SocketTimeoutException("read timed out"), true),
        Arguments.of(new TimeoutException("attempt took longer than 5000 ms"), true),
        Arguments.of(new CompletionException(new ConnectException("wrapped")), true),
        Arguments.of(new UncheckedIOException(new SocketTimeoutException("wrapped")), true),
        Arguments.of(new IOException("connection reset"), false),
        Arguments.of(new IllegalStateException("bad answer"), false),
        Arguments.of(new RuntimeException(new IllegalArgumentException("deep")), false));
  }

  @ParameterizedTest(name = "{0}: tried again={1}")
  @MethodSource("errors")
  void connectErrorsAndTimeoutsAreTransientAndOtherErrorsAreFailures(Throwable error, boolean again) {
    Verdict v = Verdict.ofError(error);

    assertThat(v.success()).isFalse();
    assertThat(v.transientFailure()).isEqualTo(again);
    assertThat(v.status()).isZero();
  }
}
