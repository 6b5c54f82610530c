package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.CLIENT;
import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.ready;
import static dev.signpost.dns.handlers.Queries.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.wire.ReplyMessages;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** RA says whether this client may recurse (RFC 1035 4.1.1), whatever the rest of the chain set. */
class RecursionAvailableHandlerTest {

  @ParameterizedTest(name = "may recurse: {0}, RA from the rest: {1}, encoded: {2}")
  @CsvSource({
      "true,  false, false", "true,  true, false", "false, false, false", "false, true, false",
      "true,  false, true", "true,  true, true", "false, false, true", "false, true, true"})
  void raIsSetExactlyForAClientThatMayRecurseOnTheRestsOwnReply(boolean mayRecurse, boolean raFromRest,
      boolean encoded) {
    DnsRequest request = request("web.example.org. A");
    List<DnsRequest> passedOn = new ArrayList<>();
    DnsReply fromRest = reply(request, raFromRest, encoded);
    QueryChain next = r -> {
      passedOn.add(r);
      return CompletableFuture.completedFuture(fromRest);
    };

    DnsReply reply = ready(new RecursionAvailableHandler(address -> mayRecurse).handle(request, next));

    assertThat(passedOn).singleElement().isSameAs(request);
    assertThat(reply).isSameAs(fromRest);
    Message m = reply.message();
    assertThat(m.getHeader().getFlag(Flags.RA)).isEqualTo(mayRecurse);
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
  }

  @Test
  void aReplyThatCompletesLaterGetsRaWhenItCompletes() {
    DnsRequest request = request("web.example.org. A");
    CompletableFuture<DnsReply> later = new CompletableFuture<>();

    CompletionStage<DnsReply> stage = new RecursionAvailableHandler(address -> true).handle(request, r -> later);
    assertThat(stage.toCompletableFuture()).isNotDone();
    later.complete(reply(request, false, false));

    assertThat(ready(stage).message().getHeader().getFlag(Flags.RA)).isTrue();
  }

  @Test
  void aFailureFurtherOnIsLeftForRecoverToAnswer() {
    IllegalStateException failure = new IllegalStateException("upstream exploded");
    CompletionStage<DnsReply> stage = new RecursionAvailableHandler(address -> true)
        .handle(request("web.example.org. A"), r -> CompletableFuture.failedFuture(failure));

    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
    assertThatThrownBy(stage.toCompletableFuture()::join).hasCause(failure);
  }

  /** ECS names whom the answer is for; who may recurse is decided by whom the packet came from. */
  @Test
  void theClientIsThePacketsSourceNeverTheEcsAddress() throws Exception {
    Message query = query("web.example.org. A");
    query.addRecord(new OPTRecord(1232, 0, 0, 0,
        List.of(new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0")))), Section.ADDITIONAL);
    DnsRequest request = request(query);
    List<InetAddress> asked = new ArrayList<>();

    new RecursionAvailableHandler(address -> asked.add(address)).handle(request, new RestOfChain().next);

    assertThat(request.clientAddress()).isEqualTo(InetAddress.getByName("198.51.100.0"));
    assertThat(asked).containsExactly(CLIENT.getAddress());
  }

  /** An NXDOMAIN from the rest of the chain, as a dnsjava message or already encoded. */
  private static DnsReply reply(DnsRequest request, boolean ra, boolean encoded) {
    Message m = ReplyMessages.reply(request.query(), Rcode.NXDOMAIN);
    if (ra) {
      m.getHeader().setFlag(Flags.RA);
    }
    return encoded ? DnsReply.encoded(m.toWire()) : DnsReply.of(m);
  }
}
