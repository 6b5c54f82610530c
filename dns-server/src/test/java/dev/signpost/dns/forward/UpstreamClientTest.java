package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.answer;
import static dev.signpost.dns.forward.TestRecords.question;
import static dev.signpost.dns.forward.TestRecords.rr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.dns.chain.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UpstreamClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final UpstreamClient client = new UpstreamClient(TIMEOUT);
  private final ExecutorService rawUpstreamThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    client.close();
    rawUpstreamThread.shutdownNow();
  }

  private static Message get(java.util.concurrent.CompletionStage<Message> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerOverUdpIsReturnedWithTheUpstreamsRcodeAndRecords() throws Exception {
    try (FakeUpstream up = FakeUpstream.answering(r -> answer(r, "www.example. 300 IN A 192.0.2.1"))) {
      Message reply = get(client.query(up.upstream(), question("www.example.", Type.A), false));

      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).containsExactly(rr("www.example. 300 IN A 192.0.2.1"));
      assertThat(up.tcpQueries()).isZero();
    }
  }

  @Test
  void theQueryAsksForRecursionOverEdnsAndCarriesTheDoBitWhenAsked() throws Exception {
    try (FakeUpstream up = FakeUpstream.answering(r -> answer(r))) {
      get(client.query(up.upstream(), question("www.example.", Type.A), true));
      Message sent = up.lastQuery().query();
      assertThat(sent.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(sent.getOPT()).isNotNull();
      assertThat(sent.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);

      get(client.query(up.upstream(), question("www.example.", Type.A), false));
      assertThat(up.lastQuery().query().getOPT().getFlags() & ExtendedFlags.DO).isZero();
    }
  }

  @Test
  void aTruncatedUdpAnswerIsAskedAgainOverTcpAndTheFullAnswerReturned() throws Exception {
    try (FakeUpstream up = FakeUpstream.answering(r -> {
      if (r.transport() == Transport.UDP) {
        Message truncated = answer(r);
        truncated.getHeader().setFlag(Flags.TC);
        return truncated;
      }
      return answer(r, "big.example. 60 IN TXT \"all of it\"", "big.example. 60 IN TXT \"and more\"");
    })) {
      Message reply = get(client.query(up.upstream(), question("big.example.", Type.TXT), false));

      assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(reply.getSection(Section.ANSWER)).hasSize(2);
      assertThat(up.tcpQueries()).isEqualTo(1);
    }
  }

  @Test
  void aSilentUpstreamFailsWithATimeoutNamingIt() throws Exception {
    try (FakeUpstream up = FakeUpstream.silent()) {
      CompletableFuture<Message> reply = client.query(up.upstream(), question("www.example.", Type.A), false)
          .toCompletableFuture();

      assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(TimeoutException.class).hasMessageContaining(up.upstream().toString());
    }
  }

  @Test
  void aClosedUpstreamFails() throws Exception {
    Upstream gone;
    try (FakeUpstream up = FakeUpstream.answering(r -> answer(r))) {
      gone = up.upstream();
    }
    CompletableFuture<Message> reply = client.query(gone, question("www.example.", Type.A), false)
        .toCompletableFuture();

    assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().hasMessageContaining(gone.toString());
  }

  @Test
  void repliesWithAnotherIdOrQuestionOrFromAnotherPortAreIgnoredAndWaitingContinues() throws Exception {
    try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      upstream.setSoTimeout(10_000);
      Future<?> served = rawUpstreamThread.submit(() -> {
        DatagramPacket in = new DatagramPacket(new byte[512], 512);
        upstream.receive(in);
        Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
        int id = query.getHeader().getID();
        InetSocketAddress client = (InetSocketAddress) in.getSocketAddress();

        send(upstream, client, reply(query, (id + 1) & 0xFFFF, "www.example.", "192.0.2.66"));
        send(upstream, client, reply(query, id, "evil.example.", "192.0.2.67"));
        send(stranger, client, reply(query, id, "www.example.", "192.0.2.68"));
        send(upstream, client, new byte[] {1, 2, 3});
        send(upstream, client, reply(query, id, "WWW.EXAMPLE.", "192.0.2.1"));
        return null;
      });
      Upstream raw = new Upstream(InetAddress.getLoopbackAddress(), upstream.getLocalPort());

      Message reply = get(client.query(raw, question("www.example.", Type.A), false));

      served.get(10, TimeUnit.SECONDS);
      assertThat(reply.getSection(Section.ANSWER)).extracting(r -> r.rdataToString()).containsExactly("192.0.2.1");
    }
  }

  @Test
  void everyUdpQueryComesFromItsOwnPortWithItsOwnId() throws Exception {
    try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      upstream.setSoTimeout(10_000);
      Set<Integer> ports = new HashSet<>();
      Set<Integer> ids = new HashSet<>();
      Future<?> served = rawUpstreamThread.submit(() -> {
        for (int i = 0; i < 3; i++) {
          DatagramPacket in = new DatagramPacket(new byte[512], 512);
          upstream.receive(in);
          Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
          ports.add(in.getPort());
          ids.add(query.getHeader().getID());
          send(upstream, (InetSocketAddress) in.getSocketAddress(),
              reply(query, query.getHeader().getID(), "www.example.", "192.0.2.1"));
        }
        return null;
      });
      Upstream raw = new Upstream(InetAddress.getLoopbackAddress(), upstream.getLocalPort());
      for (int i = 0; i < 3; i++) {
        get(client.query(raw, question("www.example.", Type.A), false));
      }

      served.get(10, TimeUnit.SECONDS);
      assertThat(ports).hasSizeGreaterThan(1);
      assertThat(ids).hasSizeGreaterThan(1);
    }
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRejected() {
    assertThatThrownBy(() -> new UpstreamClient(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  private static byte[] reply(Message query, int id, String name, String address) {
    Message reply = new Message(id);
    reply.getHeader().setFlag(Flags.QR);
    reply.addRecord(question(name, Type.A), Section.QUESTION);
    reply.addRecord(rr(name + " 60 IN A " + address), Section.ANSWER);
    return reply.toWire();
  }

  private static void send(DatagramSocket from, InetSocketAddress to, byte[] wire) throws java.io.IOException {
    from.send(new DatagramPacket(wire, wire.length, to));
  }
}
