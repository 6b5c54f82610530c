package dev.signpost.core.health.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The answer parser, fed each answer whole and one byte at a time. */
class ResponseParserTest {

  /** Feeds {@code raw} whole or byte by byte; closes the stream after it when {@code eof}. */
  private static ResponseParser parse(String raw, boolean head, boolean byteByByte, boolean eof) throws Exception {
    byte[] bytes = raw.replace("|", "\r\n").replace("~", "\n").getBytes(StandardCharsets.ISO_8859_1);
    ResponseParser p = new ResponseParser(head, 8);
    if (byteByByte) {
      for (int i = 0; i < bytes.length && !p.done(); i++) {
        p.feed(bytes, i, i + 1);
      }
    } else {
      p.feed(bytes, 0, bytes.length);
    }
    if (eof) {
      p.closed();
    }
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '^', value = {
      // answer ('|' is CRLF, '~' a bare LF) ^ HEAD request ^ closed after ^ status ^ kept body (limit 8) ^ reusable
      "HTTP/1.1 200 OK|Content-Length: 2||ok ^ false ^ false ^ 200 ^ ok ^ true",
      "HTTP/1.1 200 OK|content-length:  2 ||ok ^ false ^ false ^ 200 ^ ok ^ true",
      "HTTP/1.1 200|Content-Length: 0|| ^ false ^ false ^ 200 ^ '' ^ true",
      "HTTP/1.1 503 Service Unavailable|Content-Length: 12||draining now ^ false ^ false ^ 503 ^ draining ^ true",
      "HTTP/1.1 200 OK|Transfer-Encoding: chunked||2;x=y|ok|3|abc|0|T: 1|| ^ false ^ false ^ 200 ^ okabc ^ true",
      "HTTP/1.1 200 OK|Transfer-Encoding: gzip, chunked||1|z|0|| ^ false ^ false ^ 200 ^ z ^ true",
      "HTTP/1.1 200 OK|Connection: keep-alive, close|Content-Length: 2||ok ^ false ^ false ^ 200 ^ ok ^ false",
      "HTTP/1.0 200 OK|Content-Length: 2||ok ^ false ^ false ^ 200 ^ ok ^ false",
      "HTTP/1.0 200 OK||to the end ^ false ^ true ^ 200 ^ to the e ^ false",
      "HTTP/1.1 200 OK||no length ^ false ^ true ^ 200 ^ no lengt ^ false",
      "HTTP/1.1 204 No Content|| ^ false ^ false ^ 204 ^ '' ^ true",
      "HTTP/1.1 304 Not Modified|Content-Length: 5|| ^ false ^ false ^ 304 ^ '' ^ true",
      "HTTP/1.1 200 OK|Content-Length: 5|| ^ true ^ false ^ 200 ^ '' ^ true",
      "HTTP/1.1 100 Continue||HTTP/1.1 200 OK|Content-Length: 2||ok ^ false ^ false ^ 200 ^ ok ^ true",
      "HTTP/1.1 302 Found|Location: /next|Content-Length: 0|| ^ false ^ false ^ 302 ^ '' ^ true",
      "HTTP/1.1 200 OK|Content-Length: 12||0123456789ab ^ false ^ false ^ 200 ^ 01234567 ^ true",
      "HTTP/1.1 200 OK~Content-Length: 2~~ok ^ false ^ false ^ 200 ^ ok ^ true",
      "HTTP/1.1 200 OK|X-Folded: a| b|Content-Length: 2||ok ^ false ^ false ^ 200 ^ ok ^ true",
      "HTTP/1.1 200 OK|Content-Length: 2|Transfer-Encoding: chunked||2|ok|0|| ^ false ^ false ^ 200 ^ ok ^ false"})
  void answersAreReadWhateverPiecesTheyArriveIn(String raw, boolean head, boolean eof, int status, String body,
      boolean reusable) throws Exception {
    for (boolean byteByByte : new boolean[] {false, true}) {
      ResponseParser p = parse(raw, head, byteByByte, eof);
      assertThat(p.done()).as("done, byte by byte: %s", byteByByte).isTrue();
      assertThat(p.status()).isEqualTo(status);
      assertThat(p.body()).isEqualTo(body);
      assertThat(p.reusable()).as("reusable").isEqualTo(reusable);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '^', value = {
      "garbage|| ^ Invalid status line: \"garbage\"",
      "HTTP/1.1 099 Low|| ^ Invalid status line: \"HTTP/1.1 099 Low\"",
      "HTTP/1.1 2000 OK|| ^ Invalid status line: \"HTTP/1.1 2000 OK\"",
      "HTTP/2 200|| ^ Invalid status line: \"HTTP/2 200\"",
      "HTTP/1.1 200 OK|Content-Length: abc|| ^ invalid Content-Length",
      "HTTP/1.1 200 OK|Content-Length: -1|| ^ invalid Content-Length",
      "HTTP/1.1 200 OK|Content-Length: 2|Content-Length: 3|| ^ conflicting Content-Length headers",
      "HTTP/1.1 200 OK|no colon here|| ^ invalid header line: \"no colon here\"",
      "HTTP/1.1 200 OK|Transfer-Encoding: chunked||zz|| ^ invalid chunk size line",
      "HTTP/1.1 200 OK|Transfer-Encoding: chunked||2|okX|| ^ chunk not followed by CRLF"})
  void malformedAnswersAreRefusedSayingWhy(String raw, String message) {
    for (boolean byteByByte : new boolean[] {false, true}) {
      assertThatThrownBy(() -> parse(raw, false, byteByByte, false)).isInstanceOf(ProtocolException.class)
          .hasMessage(message);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '^', value = {
      " ^ connection closed before an answer",
      "HTTP/1.1 200 OK|Content-Length: 10||ok ^ connection closed in the middle of the answer",
      "HTTP/1.1 200 OK|Transfer-Encoding: chunked||2|ok| ^ connection closed in the middle of the answer",
      "HTTP/1.1 200 O ^ connection closed in the middle of the answer"})
  void anAnswerCutShortByTheCloseIsAnError(String raw, String message) throws Exception {
    ResponseParser p = parse(raw == null ? "" : raw, false, false, false);
    assertThatThrownBy(p::closed).hasMessage(message);
    assertThat(p.started()).isEqualTo(raw != null);
  }
}
