package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.request;
import static dev.signpost.dns.handlers.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.DnsRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class RefuseHandlerTest {

  private final RestOfChain rest = new RestOfChain();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web.example.org. A", "web.service.local. SRV", "1.2.0.192.in-addr.arpa. PTR", ". NS"})
  void everyQueryThatGetsThisFarIsRefusedWithItsQuestionAndNothingIsPassedOn(String question) {
    Message query = query(question);
    DnsRequest request = request(query);

    Message reply = rest.assertAnswered(new RefuseHandler().handle(request, rest.next));

    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest(name = "EDNS: {0}")
  @ValueSource(booleans = {true, false})
  void theRefusalCarriesAnOptRecordExactlyWhenTheQueryDid(boolean edns) {
    Message query = query("web.example.org. A");
    Message reply = rest.assertAnswered(
        new RefuseHandler().handle(request(edns ? withEdns(query, 0) : query), rest.next));

    assertThat(reply.getOPT() != null).isEqualTo(edns);
  }
}
