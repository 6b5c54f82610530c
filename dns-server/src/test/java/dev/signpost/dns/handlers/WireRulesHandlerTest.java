package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.asBytes;
import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.request;
import static dev.signpost.dns.handlers.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.DnsRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * The rules every query meets before any zone (CHAOS's names excepted, answered just before): each query
 * either gets its rule's response code, other classes REFUSED, or passes on untouched. A query of the common
 * shape is tried twice, as dnsjava parsed it and kept as its bytes, since the handler then reads the bytes.
 */
class WireRulesHandlerTest {

  private static final WireRulesHandler RULES = new WireRulesHandler();

  @ParameterizedTest(name = "{0}, opcode {1}, EDNS version {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      web.service.local. A         | QUERY  | -1 | pass on
      web.service.local. AAAA      | QUERY  |  0 | pass on
      _web._tcp.service.local. SRV | QUERY  |  0 | pass on
      web.service.local. ANY       | QUERY  | -1 | pass on
      web.service.local. A         | NOTIFY | -1 | NOTIMP
      web.service.local. SOA       | UPDATE | -1 | NOTIMP
      web.service.local. A         | IQUERY |  0 | NOTIMP
      web.service.local. A         | QUERY  |  1 | BADVERS
      version.bind. TXT CH         | QUERY  |  1 | BADVERS
      version.bind. TXT CH         | QUERY  | -1 | REFUSED
      web.service.local. A CH      | QUERY  |  0 | REFUSED
      web.service.local. A HS      | QUERY  | -1 | REFUSED
      web.service.local. A ANY     | QUERY  |  0 | REFUSED
      service.local. AXFR          | QUERY  | -1 | REFUSED
      service.local. IXFR          | QUERY  |  0 | REFUSED
      web.service.local. OPT       | QUERY  | -1 | FORMERR
      web.service.local. TSIG      | QUERY  | -1 | FORMERR
      web.service.local. TKEY      | QUERY  |  0 | FORMERR
      """)
  void aQueryBreakingARuleGetsItsCodeAndEveryOtherPassesOnUnchanged(String question, String opcode,
      int ednsVersion, String expected) {
    for (DnsRequest request : forms(question, opcode, ednsVersion)) {
      RestOfChain rest = new RestOfChain();
      var stage = RULES.handle(request, rest.next);
      if (expected.equals("pass on")) {
        rest.assertPassedOn(request, stage);
      } else {
        Message reply = rest.assertAnswered(stage);
        assertThat(Rcode.string(reply.getRcode())).as(request.toString()).isEqualTo(expected);
        assertThat(reply.getHeader().getID()).isEqualTo(request.query().getHeader().getID());
        assertThat(reply.getHeader().getOpcode()).isEqualTo(request.query().getHeader().getOpcode());
        assertThat(reply.getQuestion()).isEqualTo(request.question());
      }
    }
  }

  @Test
  void aQueryOfTheCommonShapeIsTriedAsBytesToo() {
    assertThat(forms("web.service.local. A", "QUERY", 0)).hasSize(2);
  }

  /** The query as dnsjava parsed it, and kept as bytes too when it has the common shape. */
  private static List<DnsRequest> forms(String question, String opcode, int ednsVersion) {
    Message query = query(question);
    query.getHeader().setOpcode(Opcode.value(opcode));
    if (ednsVersion >= 0) {
      withEdns(query, ednsVersion);
    }
    List<DnsRequest> forms = new ArrayList<>(List.of(request(query)));
    DnsRequest bytes = asBytes(query);
    if (bytes != null) {
      forms.add(bytes);
    }
    return forms;
  }
}
