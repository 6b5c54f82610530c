package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.answer;
import static dev.signpost.dns.forward.TestRecords.negative;
import static dev.signpost.dns.forward.TestRecords.question;
import static dev.signpost.dns.forward.TestRecords.rcode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.testing.ManualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ForwarderTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Record WWW = question("www.example.", Type.A);

  private final ManualTime time = new ManualTime();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private FakeUpstream upstream(FakeUpstream up) {
    open.add(up);
    return up;
  }

  private Forwarder forwarder(FakeUpstream... upstreams) {
    List<Upstream> order = Stream.of(upstreams).map(FakeUpstream::upstream).toList();
    Forwarder f = new Forwarder(order, new UpstreamClient(TIMEOUT), meters, 100, time);
    open.add(0, f);
    return f;
  }

  private static Message get(CompletionStage<Message> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Long> ttls(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::getTTL).toList();
  }

  private double counter(String name) {
    return meters.get(name).counter().count();
  }

  @Test
  void aRepeatedQuestionIsAnsweredFromTheCacheWithoutAskingAgain() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> answer(r, "www.example. 300 IN A 192.0.2.1")));
    Forwarder f = forwarder(up);

    for (int i = 0; i < 3; i++) {
      assertThat(get(f.resolve(WWW, false)).getSection(Section.ANSWER)).hasSize(1);
    }

    assertThat(up.queries()).isEqualTo(1);
    assertThat(counter("signpost.dns.forward.queries")).isEqualTo(1);
    assertThat(counter("signpost.dns.forward.cache.hits")).isEqualTo(2);
  }

  @Test
  void aCachedAnswerOutlivesItsUpstreamUntilItsTtlPassesWithTtlsCountingDown() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(
        r -> answer(r, "www.example. 300 IN A 192.0.2.1", "www.example. 200 IN A 192.0.2.2")));
    Forwarder f = forwarder(up);
    assertThat(ttls(get(f.resolve(WWW, false)))).containsExactly(300L, 200L);
    up.close();

    time.advance(Duration.ofSeconds(100));
    assertThat(ttls(get(f.resolve(WWW, false)))).containsExactly(200L, 100L);
    time.advance(Duration.ofSeconds(99));
    Message last = get(f.resolve(WWW, false));
    assertThat(last.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ttls(last)).containsExactly(101L, 1L);

    time.advance(Duration.ofSeconds(2)); // 201 s: past the smallest TTL, and the upstream is gone
    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void questionsDifferingOnlyInCaseShareAnEntryButTheDoBitDoesNot() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> answer(r, "www.example. 300 IN A 192.0.2.1")));
    Forwarder f = forwarder(up);

    get(f.resolve(WWW, false));
    get(f.resolve(question("WWW.Example.", Type.A), false));
    assertThat(up.queries()).isEqualTo(1);

    get(f.resolve(WWW, true));
    assertThat(up.queries()).isEqualTo(2);
  }

  static Stream<Arguments> negativeAnswers() {
    return Stream.of(
        Arguments.of("NXDOMAIN, SOA minimum below its TTL", Rcode.NXDOMAIN,
            "example. 3600 IN SOA ns.example. host.example. 1 7200 900 1209600 60", 60),
        Arguments.of("NODATA, SOA TTL below its minimum", Rcode.NOERROR,
            "example. 30 IN SOA ns.example. host.example. 1 7200 900 1209600 300", 30));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeAnswers")
  void aNegativeAnswerIsCachedForTheSmallerOfTheSoaTtlAndMinimum(String name, int rcode, String soa, int seconds)
      throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> negative(r, rcode, soa)));
    Forwarder f = forwarder(up);

    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(rcode);
    time.advance(Duration.ofSeconds(seconds - 1));
    Message cached = get(f.resolve(WWW, false));
    assertThat(cached.getRcode()).isEqualTo(rcode);
    assertThat(cached.getSection(Section.AUTHORITY)).hasSize(1);
    assertThat(up.queries()).isEqualTo(1);

    time.advance(Duration.ofSeconds(2));
    get(f.resolve(WWW, false));
    assertThat(up.queries()).isEqualTo(2);
  }

  @Test
  void aNegativeAnswerWithoutSoaIsNotCached() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> negative(r, Rcode.NXDOMAIN, null)));
    Forwarder f = forwarder(up);

    get(f.resolve(WWW, false));
    get(f.resolve(WWW, false));

    assertThat(up.queries()).isEqualTo(2);
  }

  @Test
  void servfailIsNotCached() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> rcode(r, Rcode.SERVFAIL)));
    Forwarder f = forwarder(up);

    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.SERVFAIL);

    assertThat(up.queries()).isEqualTo(2);
    assertThat(counter("signpost.dns.forward.upstream.failures")).isEqualTo(2);
  }

  @Test
  void anUpstreamAnsweringServfailIsFollowedByTheNextOne() throws Exception {
    FakeUpstream failing = upstream(FakeUpstream.answering(r -> rcode(r, Rcode.SERVFAIL)));
    FakeUpstream good = upstream(FakeUpstream.answering(r -> answer(r, "www.example. 300 IN A 192.0.2.1")));
    Forwarder f = forwarder(failing, good);

    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(failing.queries()).isEqualTo(1);
    assertThat(good.queries()).isEqualTo(1);
  }

  @Test
  void aSilentUpstreamIsSkippedForTheNextAndTriedLastUntilItsTimeAtTheBackIsOver() throws Exception {
    FakeUpstream silent = upstream(FakeUpstream.silent());
    FakeUpstream good = upstream(FakeUpstream.answering(r -> answer(r, r.question().getName() + " 300 IN A 192.0.2.1")));
    Forwarder f = forwarder(silent, good);

    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(silent.queries()).isEqualTo(1);
    assertThat(good.queries()).isEqualTo(1);

    assertThat(get(f.resolve(question("other.example.", Type.A), false)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(silent.queries()).as("the silent upstream is not asked first again").isEqualTo(1);
    assertThat(good.queries()).isEqualTo(2);

    time.advance(Forwarder.PENALTY.plusSeconds(1));
    assertThat(get(f.resolve(question("third.example.", Type.A), false)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(silent.queries()).as("after its time at the back, it is first again").isEqualTo(2);
    assertThat(counter("signpost.dns.forward.upstream.failures")).isEqualTo(2);
  }

  @Test
  void whenEveryUpstreamIsSilentTheAnswerIsServfailNotAnError() throws Exception {
    FakeUpstream one = upstream(FakeUpstream.silent());
    FakeUpstream two = upstream(FakeUpstream.silent());
    Forwarder f = forwarder(one, two);

    Message reply = get(f.resolve(WWW, false));

    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(reply.getQuestion()).isEqualTo(WWW);
    assertThat(one.queries()).isEqualTo(1);
    assertThat(two.queries()).isEqualTo(1);
  }

  @Test
  void concurrentIdenticalQuestionsShareOneUpstreamQuery() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    FakeUpstream up = upstream(FakeUpstream.answeringLater(
        r -> release.thenApply(v -> answer(r, "www.example. 300 IN A 192.0.2.1"))));
    Forwarder f = forwarder(up);

    List<CompletableFuture<Message>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(f.resolve(i % 2 == 0 ? WWW : question("WWW.EXAMPLE.", Type.A), false).toCompletableFuture());
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> up.queries() == 1);
    release.complete(null);

    for (CompletableFuture<Message> r : replies) {
      assertThat(r.get(10, TimeUnit.SECONDS).getSection(Section.ANSWER)).hasSize(1);
    }
    assertThat(up.queries()).isEqualTo(1);
    assertThat(replies.get(0).get()).as("each caller gets a message of its own").isNotSameAs(replies.get(1).get());
  }

  @Test
  void aClosedForwarderAnswersServfailAtOnceInsteadOfHanging() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering(r -> answer(r, "www.example. 300 IN A 192.0.2.1")));
    Forwarder f = forwarder(up);
    f.close();

    assertThat(get(f.resolve(WWW, false)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(up.queries()).isZero();
  }

  @Test
  void aForwarderNeedsAnUpstream() {
    try (UpstreamClient client = new UpstreamClient(TIMEOUT)) {
      assertThatThrownBy(() -> new Forwarder(List.of(), client, meters))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream");
    }
  }
}
